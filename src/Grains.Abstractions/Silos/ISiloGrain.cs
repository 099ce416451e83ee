namespace Cluster.Grains.Silos;

/// <summary>
/// One silo as the cluster sees it: its data-plane address, its models and their load, its sessions, and drain. Keyed by the
/// silo's Orleans address (<see cref="SiloKeys.Of"/>) and always activated on that silo, so a call reaches the silo itself.
/// </summary>
/// <remarks>
/// A grain rather than Orleans silo metadata: metadata is fixed when the silo joins, while what gateways route on (which
/// models are ready, queue and KV use, draining) changes every second. Membership (who is alive) stays Orleans' own;
/// <see cref="SiloCatalog"/> asks every active member's silo grain for the rest.
/// </remarks>
[Alias("cluster.silo")]
public interface ISiloGrain : IGrainWithStringKey
{
    /// <summary>What the silo serves and how loaded it is now.</summary>
    [Alias("info")]
    Task<SiloInfo> GetInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks the silo draining (placement sends it no new session) and migrates its sessions to other silos serving their model.</summary>
    [Alias("drain")]
    Task<DrainReport> DrainAsync(CancellationToken cancellationToken = default);

    /// <summary>Lifts the draining mark: the silo takes new sessions again.</summary>
    [Alias("undrain")]
    Task UndrainAsync();

    /// <summary>The sessions active on this silo.</summary>
    [Alias("sessions")]
    Task<IReadOnlyList<Sessions.SessionSummary>> ListSessionsAsync(CancellationToken cancellationToken = default);
}
