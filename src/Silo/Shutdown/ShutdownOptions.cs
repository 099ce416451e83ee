namespace Cluster.Silo.Shutdown;

/// <summary>How the silo leaves on SIGTERM (section "Silo:Shutdown").</summary>
public sealed record ShutdownOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Silo:Shutdown";

    /// <summary>The most the silo waits, after SIGTERM, for its sessions to move and its running requests and KV hand-overs to finish.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>What the host gets on top of <see cref="DrainTimeout"/> to leave the Orleans cluster and stop; orchestrators' grace periods must cover both.</summary>
    public TimeSpan LeaveTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
