using System.Collections.Frozen;
using Cluster.Contracts.Membership;

namespace Cluster.Gateway.Membership;

/// <summary>A silo as the gateway sees it at one refresh: its last record and whether it is live.</summary>
public sealed class SiloSnapshot
{
    /// <summary>Creates a snapshot of <paramref name="record"/>.</summary>
    public SiloSnapshot(SiloRecord record, bool live)
    {
        ArgumentNullException.ThrowIfNull(record);
        Record = record;
        Live = live;
        Models = record.Heartbeat.Models.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The stored record.</summary>
    public SiloRecord Record { get; }

    /// <summary>The silo id.</summary>
    public string Id => Record.SiloId;

    /// <summary>The base URL requests are forwarded to.</summary>
    public string Address => Record.Heartbeat.Address;

    /// <summary>Models served.</summary>
    public FrozenSet<string> Models { get; }

    /// <summary>True while heartbeats arrive in time.</summary>
    public bool Live { get; }

    /// <summary>True when the silo takes no new sessions.</summary>
    public bool Draining => Record.IsDraining;

    /// <summary>Reported load as a fraction of the silo's slots: (queued + active) / slots.</summary>
    public double ReportedLoad
    {
        get
        {
            var heartbeat = Record.Heartbeat;
            return (double)(heartbeat.QueueDepth + heartbeat.ActiveSequences) / Math.Max(1, heartbeat.Slots);
        }
    }
}
