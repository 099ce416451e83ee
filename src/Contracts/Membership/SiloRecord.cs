namespace Cluster.Contracts.Membership;

/// <summary>A silo as the cluster store holds it: its last heartbeat, when it came, and whether an operator drains it.</summary>
/// <param name="Heartbeat">The last report of the silo.</param>
/// <param name="LastHeartbeat">When the last report arrived, on the clock of the process that read the record.</param>
/// <param name="Draining">True when an operator marked the silo draining (no new sessions).</param>
public sealed record SiloRecord(SiloHeartbeat Heartbeat, DateTimeOffset LastHeartbeat, bool Draining)
{
    /// <summary>The silo id.</summary>
    public string SiloId => Heartbeat.SiloId;

    /// <summary>True when either an operator or the silo itself is draining it.</summary>
    public bool IsDraining => Draining || Heartbeat.Draining;
}
