namespace Cluster.Gateway.Auth;

/// <summary>Authentication schemes and authorization policies of the gateway.</summary>
public static class ClusterAuthSchemes
{
    /// <summary>Bearer API keys on /v1.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>The Bearer admin key on /admin.</summary>
    public const string Admin = "AdminKey";
}
