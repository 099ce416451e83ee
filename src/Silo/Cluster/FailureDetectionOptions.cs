using Orleans.Configuration;

namespace Cluster.Silo.Cluster;

/// <summary>
/// How fast a dead silo leaves the cluster (section "Cluster:FailureDetection"). Orleans' defaults (10 s probe timeout, 3
/// missed probes) take about 7.5 s on Redis; the defaults here take about 3 s: probes every second, a silo declared dead
/// after 3 missed probes by 2 voters. Probes are answered on Orleans' own threads, not the decode loop's, so a silo busy
/// decoding still answers them; a GC pause or a loaded host needs 3 whole seconds of silence before it is voted out.
/// </summary>
public sealed record FailureDetectionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cluster:FailureDetection";

    /// <summary>Time between probes, and how long one may take.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes before a silo votes another dead.</summary>
    public int MissedProbes { get; init; } = 3;

    /// <summary>Votes needed to declare a silo dead (fewer when fewer silos are alive).</summary>
    public int Votes { get; init; } = 2;

    /// <summary>Copies these settings onto Orleans' membership options.</summary>
    public void Apply(ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ProbeTimeout = ProbeTimeout;
        options.NumMissedProbesLimit = MissedProbes;
        options.NumVotesForDeathDeclaration = Votes;
        options.TableRefreshTimeout = ProbeTimeout;
    }
}
