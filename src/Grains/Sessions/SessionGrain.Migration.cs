using Cluster.Grains.Kv;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;

namespace Cluster.Grains.Sessions;

/// <summary>
/// Moving a session (drain): Orleans migrates the activation and its state; the KV bytes stay in this silo's
/// <see cref="KvStash"/> and only a <see cref="KvHandle"/> travels in the dehydration context. The new activation fetches
/// them silo to silo and imports them; when it cannot, the next turn recomputes the KV from the stored history.
/// </summary>
internal sealed partial class SessionGrain
{
    /// <inheritdoc/>
    public async Task<bool> MoveAsync(CancellationToken cancellationToken = default)
    {
        if (Stored.Model.Length == 0 || chooser.ChooseElsewhere(Stored.Model) is not { } target)
        {
            return false;
        }

        if (_runtime is { } runtime)
        {
            if (!await runtime.FenceAsync(options.Value.HandoverTurnWait, cancellationToken).ConfigureAwait(true))
            {
                return false;
            }

            if (await runtime.Model.ExportSessionAsync(Key).ConfigureAwait(true) is { KvState.Length: > 0 } snapshot)
            {
                _outgoing = new KvHandle(stash.Put(snapshot), silo.HttpAddress, runtime.Model.Fingerprint, snapshot.Tokens.Count, snapshot.KvState.Length, runtime.HistoryTokenIds);
            }
        }

        RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
        this.MigrateOnIdle();
        LogMoving(logger, Key, target, _outgoing?.Tokens ?? 0);
        return true;
    }

    /// <inheritdoc/>
    public void OnDehydrate(IDehydrationContext dehydrationContext)
    {
        ArgumentNullException.ThrowIfNull(dehydrationContext);
        if (_outgoing is { } handle)
        {
            dehydrationContext.TryAddValue(KvContextKey, handle);
        }
    }

    /// <inheritdoc/>
    public void OnRehydrate(IRehydrationContext rehydrationContext)
    {
        ArgumentNullException.ThrowIfNull(rehydrationContext);
        if (rehydrationContext.TryGetValue(KvContextKey, out KvHandle? handle))
        {
            _incoming = handle;
        }
    }

    /// <inheritdoc/>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_incoming is { } handle && Stored.Model.Length > 0 && models.FindReady(Stored.Model) is { } host)
        {
            _incoming = null;
            EnsureRuntime(host);
            if (handle.Fingerprint != host.Fingerprint)
            {
                metrics.RecordMigration(kvMoved: false);
                LogKvRecomputed(logger, Key, "the weights differ");
            }
            else if (await fetcher.FetchAsync(Key, handle, cancellationToken).ConfigureAwait(true) is ({ } snapshot, var took))
            {
                await host.ImportSessionAsync(snapshot).ConfigureAwait(true);
                _runtime!.AdoptHistory(handle.History);
                metrics.RecordMigration(kvMoved: true);
                LogKvArrived(logger, Key, snapshot.Tokens.Count, snapshot.KvState.Length, took.TotalMilliseconds);
            }
            else
            {
                metrics.RecordMigration(kvMoved: false);
                LogKvRecomputed(logger, Key, "the source no longer holds it");
            }
        }

        await base.OnActivateAsync(cancellationToken).ConfigureAwait(true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {Key} migrating to {Target} with {Tokens} tokens of KV")]
    private static partial void LogMoving(ILogger logger, string key, SiloAddress target, int tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {Key}: {Tokens} tokens of KV ({Bytes} bytes) arrived in {Milliseconds} ms")]
    private static partial void LogKvArrived(ILogger logger, string key, int tokens, long bytes, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {Key}: KV not moved ({Reason}); its next turn recomputes it from the history")]
    private static partial void LogKvRecomputed(ILogger logger, string key, string reason);
}
