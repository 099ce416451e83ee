using Cluster.Contracts.Membership;

namespace Cluster.Silo.Membership;

/// <summary>Where the silo's heartbeats go: a gateway's membership API, or the cluster's PostgreSQL store.</summary>
internal interface IHeartbeatSink : IDisposable
{
    /// <summary>The gateway URL or the database, for logs.</summary>
    string Destination { get; }

    /// <summary>True when the cluster runs on this machine, so a silo bound to a wildcard address advertises loopback.</summary>
    bool IsLocal { get; }

    /// <summary>Records the heartbeat; a leaving one removes the silo. Failures are values: the next heartbeat tries again.</summary>
    Task<HeartbeatDelivery> SendAsync(SiloHeartbeat heartbeat, CancellationToken cancellationToken);
}
