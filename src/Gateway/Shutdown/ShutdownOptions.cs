namespace Cluster.Gateway.Shutdown;

/// <summary>How the gateway stops on SIGTERM (section "Gateway:Shutdown").</summary>
public sealed record ShutdownOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Gateway:Shutdown";

    /// <summary>
    /// The most the gateway waits, once it stopped accepting connections, for the requests and streams in flight to finish;
    /// what still runs then is cut. Orchestrators' grace periods must be longer.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
