namespace Cluster.Grains.Sessions;

/// <summary>Session grain keys: the client's id with a prefix naming where it came from, so the two id spaces never meet.</summary>
public static class SessionKeys
{
    /// <summary>A chat completion's <c>X-Session-Id</c> header.</summary>
    public static string ForHeader(string sessionId) => "h:" + sessionId;

    /// <summary>An interactive (LMDeploy) <c>session_id</c>.</summary>
    public static string ForInteractive(string sessionId) => "i:" + sessionId;
}
