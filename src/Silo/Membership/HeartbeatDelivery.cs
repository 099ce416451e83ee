namespace Cluster.Silo.Membership;

/// <summary>What became of one heartbeat: recorded, or the reason it was not.</summary>
/// <param name="Problem">Why the heartbeat was not recorded; null when it was.</param>
internal readonly record struct HeartbeatDelivery(string? Problem)
{
    /// <summary>The heartbeat was recorded.</summary>
    public static HeartbeatDelivery Recorded => default;

    /// <summary>True when the heartbeat was recorded.</summary>
    public bool IsRecorded => Problem is null;

    /// <summary>The heartbeat was not recorded, for <paramref name="problem"/>.</summary>
    public static HeartbeatDelivery Failed(string problem) => new(problem);
}
