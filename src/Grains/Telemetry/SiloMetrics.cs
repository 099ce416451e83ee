using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cluster.Grains.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Grains.Telemetry;

/// <summary>
/// The silo's meter: per model replica (tags model and replica), the scheduler's queue depth, active sequences and KV use, and its sessions (resident in a slot,
/// kept in host memory, evicted, restored, dropped, rebuilt), read from the model hosts when collected; session migrations as they happen.
/// </summary>
public sealed class SiloMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Cluster.Silo";

    private readonly Lazy<HostedModels> _models;
    private readonly Counter<long> _migrations;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/>; the models are read from <paramref name="services"/> when first measured.</summary>
    public SiloMetrics(IMeterFactory meters, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(meters);

        // Not resolved now: the silo creates its meter while the host is built, and the models' settings are validated only at start.
        _models = new Lazy<HostedModels>(services.GetRequiredService<HostedModels>);
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("cluster.scheduler.queue_depth", () => Per(load: l => l.QueuedRequests), "{request}", "Requests waiting for a slot.");
        meter.CreateObservableGauge("cluster.scheduler.active_sequences", () => Per(load: l => l.ActiveSequences), "{sequence}", "Sequences prefilling or decoding.");
        meter.CreateObservableGauge("cluster.scheduler.kv_tokens_used", () => Per(load: l => l.KvTokensUsed), "{token}", "KV cells in use.");
        meter.CreateObservableGauge("cluster.scheduler.kv_tokens_capacity", () => Per(load: l => l.KvTokensCapacity), "{token}", "KV cells in all.");
        meter.CreateObservableGauge("cluster.sessions.resident", () => Per(sessions: s => s.Resident), "{session}", "Sessions whose KV is in a slot.");
        meter.CreateObservableGauge("cluster.sessions.on_host", () => Per(sessions: s => s.OnHost), "{session}", "Sessions whose KV waits in host memory.");
        meter.CreateObservableCounter("cluster.sessions.evicted", () => Per(sessions: s => s.EvictedToHost), "{session}", "Idle sessions whose KV left its slot for host memory.");
        meter.CreateObservableCounter("cluster.sessions.restored", () => Per(sessions: s => s.Restored), "{turn}", "Turns that brought their KV back from host memory.");
        meter.CreateObservableCounter("cluster.sessions.dropped", () => Per(sessions: s => s.Dropped), "{session}", "Evictions that discarded the KV (host budget full).");
        meter.CreateObservableCounter("cluster.sessions.rebuilt", () => Per(sessions: s => s.Rebuilt), "{turn}", "Turns of known sessions that prefilled their history again.");
        _migrations = meter.CreateCounter<long>("cluster.sessions.migrations", "{session}", "Sessions that arrived on this silo by migration, by whether their KV came along.");
    }

    /// <summary>Counts a session that arrived here by migration; <paramref name="kvMoved"/> when its KV came with it.</summary>
    public void RecordMigration(bool kvMoved) => _migrations.Add(1, new KeyValuePair<string, object?>("kv", kvMoved ? "moved" : "recomputed"));

    private IEnumerable<Measurement<long>> Per(Func<ModelLoad, long>? load = null, Func<Inference.Scheduling.SessionCounters, long>? sessions = null)
    {
        foreach (var host in _models.Value.Replicas)
        {
            var value = load is not null ? load(host.Load) : sessions!(host.SessionCounters);
            yield return new Measurement<long>(value, new TagList { { "model", host.ModelId }, { "replica", host.Replica } });
        }
    }
}
