using System.Collections.Immutable;
using Cluster.Contracts.Membership;
using Cluster.Contracts.Store;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Membership;

/// <summary>Re-reads membership from the store on a short period, updates the <see cref="ClusterView"/> and YARP's destinations.</summary>
internal sealed partial class MembershipRefresher(
    IMembershipStore store,
    ClusterView view,
    SiloProxyConfigProvider proxyConfig,
    IOptions<MembershipOptions> options,
    TimeProvider timeProvider,
    ILogger<MembershipRefresher> logger) : BackgroundService
{
    /// <summary>Reads the store once and applies what it holds.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var records = await store.ListSilosAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        records = await ForgetSilentAsync(records, now, cancellationToken);
        var timeout = options.Value.HeartbeatTimeout;
        var before = view.Live.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var snapshots = records.Select(r => new SiloSnapshot(r, now - r.LastHeartbeat <= timeout)).ToImmutableArray();
        if (!view.Update(snapshots))
        {
            return;
        }

        foreach (var silo in view.Live.Where(s => !before.Contains(s.Id)))
        {
            LogJoined(logger, silo.Id, silo.Address, silo.Models);
        }

        foreach (var id in before.Where(id => view.FindLive(id) is null))
        {
            LogLeft(logger, id);
        }

        proxyConfig.Update(view.Live);
    }

    // Every gateway may do this; removing a row twice is harmless. A forgotten silo that comes back registers anew.
    private async Task<IReadOnlyList<SiloRecord>> ForgetSilentAsync(IReadOnlyList<SiloRecord> records, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var forgetAfter = options.Value.ForgetAfter;
        if (forgetAfter == TimeSpan.Zero || records.All(record => now - record.LastHeartbeat <= forgetAfter))
        {
            return records;
        }

        var kept = new List<SiloRecord>(records.Count);
        foreach (var record in records)
        {
            if (now - record.LastHeartbeat <= forgetAfter)
            {
                kept.Add(record);
                continue;
            }

            await store.RemoveSiloAsync(record.SiloId, cancellationToken);
            LogForgotten(logger, record.SiloId, now - record.LastHeartbeat);
        }

        return kept;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, timeProvider);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store being briefly unreachable must not stop membership; the last picture stays.
                LogRefreshFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloId} joined at {Address} serving {Models}")]
    private static partial void LogJoined(ILogger logger, string siloId, string address, IEnumerable<string> models);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {SiloId} is out (missed heartbeats or left)")]
    private static partial void LogLeft(ILogger logger, string siloId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloId} forgotten: no heartbeat for {Silence}")]
    private static partial void LogForgotten(ILogger logger, string siloId, TimeSpan silence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading membership from the store failed; keeping the last view")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
