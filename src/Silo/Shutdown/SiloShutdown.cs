using Cluster.Grains.Kv;
using Cluster.Grains.Silos;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Shutdown;

/// <summary>
/// Leaves gracefully on SIGTERM, before any service stops: marks the silo draining (gateways and placement send it nothing
/// new), migrates its sessions with their KV through <see cref="ISiloGrain.DrainAsync"/>, then waits for running requests and
/// KV hand-overs to finish, all within <see cref="ShutdownOptions.DrainTimeout"/>. Then Kestrel stops with nothing in flight
/// and Orleans leaves the cluster, telling the others at once instead of waiting to be voted dead.
/// </summary>
internal sealed partial class SiloShutdown(
    LocalSilo local,
    IGrainFactory grains,
    InFlightRequests requests,
    KvStash stash,
    IOptions<ShutdownOptions> options,
    TimeProvider time,
    ILogger<SiloShutdown> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan IdleCheckInterval = TimeSpan.FromMilliseconds(50);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var timeout = options.Value.DrainTimeout;
        var started = time.GetTimestamp();
        using var bound = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(bound.Token, cancellationToken);
        LogDraining(logger, local.Name, requests.Count, timeout);
        try
        {
            var report = await grains.GetGrain<ISiloGrain>(local.Key).DrainAsync(linked.Token).ConfigureAwait(false);
            await WaitUntilIdleAsync(linked.Token).ConfigureAwait(false);
            var took = time.GetElapsedTime(started);
            LogDrained(logger, local.Name, report.Migrating, report.Staying.Count, took.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            LogDrainCut(logger, local.Name, timeout, requests.Count, stash.Count);
        }
        catch (Exception error) when (error is OrleansException or InvalidOperationException or TimeoutException)
        {
            // Stopped before the silo joined, or the cluster is gone: nothing to hand over through it; wait for the requests alone.
            LogDrainFailed(logger, local.Name, error.Message);
            await WaitUntilIdleAsync(linked.Token).ConfigureAwait(false);
        }
    }

    // Requests still streaming and KV exports the sessions' new silos have not fetched yet.
    private async Task WaitUntilIdleAsync(CancellationToken cancellationToken)
    {
        while (requests.Count > 0 || stash.Count > 0)
        {
            await Task.Delay(IdleCheckInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} shutting down: draining, {Requests} requests in flight, at most {Timeout}")]
    private static partial void LogDraining(ILogger logger, string silo, int requests, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} drained for shutdown: {Migrating} sessions moved, {Staying} staying, no request in flight after {Milliseconds} ms")]
    private static partial void LogDrained(ILogger logger, string silo, int migrating, int staying, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} shutdown drain cut after {Timeout}: {Requests} requests and {KvExports} KV hand-overs still open are cut (Silo:Shutdown:DrainTimeout)")]
    private static partial void LogDrainCut(ILogger logger, string silo, TimeSpan timeout, int requests, int kvExports);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} could not hand its sessions over at shutdown: {Reason}")]
    private static partial void LogDrainFailed(ILogger logger, string silo, string reason);
}
