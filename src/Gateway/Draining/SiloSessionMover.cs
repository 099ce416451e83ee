using System.Net;
using Cluster.Contracts.Sessions;
using Cluster.Contracts.Store;
using Cluster.Gateway.Membership;
using Cluster.Gateway.Routing;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Draining;

/// <summary>
/// One pass over a draining silo: each session the gateway routes there moves to the least loaded other live silo
/// serving its model (export there, import here, hand the directory entry over, end it there); a session whose turn
/// is running moves on a later pass; a session whose model no other silo serves stays and finishes where it is.
/// </summary>
internal sealed partial class SiloSessionMover(
    SiloSessionsClient sessions,
    ISessionDirectory directory,
    SessionTurnGate turns,
    ClusterView view,
    SiloHealth health,
    SiloLoadTracker tracker,
    TimeProvider timeProvider,
    IOptions<DrainOptions> options,
    ILogger<SiloSessionMover> logger)
{
    private static readonly TimeSpan UnfenceTimeout = TimeSpan.FromSeconds(10);

    // A silo that refused a model's export as built on other weights is not offered that model's sessions again for
    // this long (it may be redeployed with the right file meanwhile).
    private static readonly TimeSpan RefusedWeightsMemory = TimeSpan.FromMinutes(10);

    // Only the drain loop calls this class, one pass at a time.
    private readonly Dictionary<(string SiloId, string Model), DateTimeOffset> _refusedWeights = [];

    // The session key prefixes the gateway sends as a silo session id: X-Session-Id, the "user" field, interactive ids.
    private static readonly string[] KeyPrefixes = ["h:", "u:", "i:"];

    /// <summary>Moves what can move now; <paramref name="movedBefore"/> is the count of earlier passes of this drain.</summary>
    public async Task<DrainProgress> MoveSessionsAsync(string siloId, int movedBefore, CancellationToken cancellationToken)
    {
        if (view.FindLive(siloId) is not { } source)
        {
            return Progress(DrainState.Unreachable, movedBefore, 0, 0,
                $"Silo {siloId} is not live: its sessions continue on other silos at their next turn, from their stored history.");
        }

        var (list, failure) = await sessions.ListAsync(source.Address, cancellationToken);
        if (list is null)
        {
            LogListFailed(logger, siloId, failure!);
            return Progress(DrainState.Unreachable, movedBefore, 0, 0, $"The sessions of silo {siloId} could not be listed ({failure}); they stay there for now.");
        }

        var (moved, remaining, staying) = (movedBefore, 0, 0);
        var modelsServedNowhereElse = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var session in list.Data)
        {
            if (view.FindLive(siloId) is not { Draining: true } || await OwnedEntryAsync(session.Id, siloId, cancellationToken) is not { } entry)
            {
                // Undrained meanwhile, or a session the gateway does not route (made on the silo directly).
                continue;
            }

            if (Target(source, session.Model) is not { } target)
            {
                (remaining, staying) = (remaining + 1, staying + 1);
                modelsServedNowhereElse.Add(session.Model);
                continue;
            }

            switch (await MoveAsync(entry.Key, session, source, target, cancellationToken))
            {
                case SessionMoveOutcome.Moved:
                    moved++;
                    break;
                case SessionMoveOutcome.TurnRunning or SessionMoveOutcome.Failed:
                    remaining++;
                    break;
                case SessionMoveOutcome.NoSiloWithItsWeights:
                    (remaining, staying) = (remaining + 1, staying + 1);
                    modelsServedNowhereElse.Add(session.Model);
                    break;
            }
        }

        return remaining == 0
            ? Progress(DrainState.Done, moved, 0, 0, $"{moved} session(s) moved; none left on silo {siloId}.")
            : staying == remaining
                ? Progress(DrainState.Staying, moved, remaining, staying,
                    $"No other live silo serves model {string.Join(", ", modelsServedNowhereElse.Select(m => $"'{m}'"))}: {staying} session(s) stay on silo {siloId} and finish there.{RefusedWeightsNote(modelsServedNowhereElse)}")
                : Progress(DrainState.Moving, moved, remaining, staying,
                    $"{remaining - staying} session(s) move after their running turn ends (or on retry); {staying} stay because no other live silo serves their model.");
    }

    private async Task<SessionMoveOutcome> MoveAsync(string key, SessionInfo session, SiloSnapshot source, SiloSnapshot target, CancellationToken cancellationToken)
    {
        if (!turns.TryBeginMove(key))
        {
            return SessionMoveOutcome.TurnRunning;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.MoveTimeout);
        var move = new SessionMove(key, Guid.NewGuid().ToString("N"), session, source);
        var outcome = SessionMoveOutcome.Failed;
        try
        {
            outcome = await HandOverSessionAsync(move, target, timeout.Token);
            return outcome;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogMoveError(logger, ex, key);
            return SessionMoveOutcome.Failed;
        }
        finally
        {
            if (outcome is SessionMoveOutcome.Failed or SessionMoveOutcome.NoSiloWithItsWeights)
            {
                // The source may hold the session fenced (the request may have failed after the silo fenced it): lift it.
                await LiftFenceAsync(move, cancellationToken);
            }

            turns.EndMove(key);
        }
    }

    private async Task<SessionMoveOutcome> HandOverSessionAsync(SessionMove move, SiloSnapshot target, CancellationToken cancellationToken)
    {
        var (key, _, session, source) = move;
        var endedStaleCopy = false;
        while (true)
        {
            // The source fences the session for this move as it exports (again, on a retry): a turn routed by another gateway
            // is refused (409 session_moved) rather than lost, and another gateway's move of it waits for this one.
            using var export = await sessions.HandOverAsync(source.Address, session.Id, move.Id, cancellationToken);
            if (!export.IsSuccessStatusCode)
            {
                LogMoveFailed(logger, key, "export", (int)export.StatusCode);

                // 409: a turn sent through another gateway outlasted the silo's wait (the silo lifted this move's fence), or another move holds the fence.
                return export.StatusCode == HttpStatusCode.Conflict ? SessionMoveOutcome.TurnRunning : SessionMoveOutcome.Failed;
            }

            var (imported, code) = await sessions.ImportAsync(target.Address, export.Content, cancellationToken);
            if (imported == HttpStatusCode.Created)
            {
                break;
            }

            LogImportRefused(logger, key, target.Id, (int)imported, code ?? "none");
            if (code == "model_mismatch")
            {
                _refusedWeights[(target.Id, session.Model)] = timeProvider.GetUtcNow() + RefusedWeightsMemory;
                if (Target(source, session.Model) is not { } next)
                {
                    return SessionMoveOutcome.NoSiloWithItsWeights;
                }

                target = next;
            }
            else if (code == "session_exists" && !endedStaleCopy)
            {
                // A copy an earlier move left there after its hand-over failed. This move holds the source's fence, so no
                // other move is under way, and the directory named the source: that copy is not the session.
                await sessions.EndAsync(target.Address, session.Id, cancellationToken);
                endedStaleCopy = true;
            }
            else
            {
                return SessionMoveOutcome.Failed;
            }
        }

        if (await HandOverAsync(key, source, target, cancellationToken) is { } notHanded)
        {
            // Another gateway handed it over (or it ended) first, or the store failed: this copy is not the session.
            await sessions.EndAsync(target.Address, session.Id, cancellationToken);
            return notHanded;
        }

        tracker.SessionPlaced(target.Id);
        await sessions.EndAsync(source.Address, session.Id, cancellationToken);
        LogMoved(logger, key, source.Id, target.Id, session.HistoryTokens);
        return SessionMoveOutcome.Moved;
    }

    private async Task LiftFenceAsync(SessionMove move, CancellationToken cancellationToken)
    {
        var (key, _, session, source) = move;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(UnfenceTimeout);
        try
        {
            // A session another gateway handed over meanwhile stays fenced: its source copy is no longer the session.
            if ((await directory.FindSessionAsync(key, timeout.Token))?.SiloId != source.Id)
            {
                return;
            }

            var status = await sessions.CancelHandoverAsync(source.Address, session.Id, move.Id, timeout.Token);
            LogFenceLifted(logger, key, source.Id, (int)status);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            LogFenceNotLifted(logger, ex, key, source.Id);
        }
    }

    /// <summary>Points the directory at the target; null when done, else why not.</summary>
    private async Task<SessionMoveOutcome?> HandOverAsync(string key, SiloSnapshot source, SiloSnapshot target, CancellationToken cancellationToken)
    {
        try
        {
            var entry = await directory.MoveSessionAsync(key, source.Id, target.Id, timeProvider.GetUtcNow(), cancellationToken);
            return entry?.SiloId == target.Id ? null : SessionMoveOutcome.MovedElsewhere;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            LogMoveError(logger, ex, key);
            return SessionMoveOutcome.Failed;
        }
    }

    private async Task<SessionEntry?> OwnedEntryAsync(string sessionId, string siloId, CancellationToken cancellationToken)
    {
        foreach (var prefix in KeyPrefixes)
        {
            if (await directory.FindSessionAsync(prefix + sessionId, cancellationToken) is { } entry && entry.SiloId == siloId)
            {
                return entry;
            }
        }

        return null;
    }

    private SiloSnapshot? Target(SiloSnapshot source, string model)
    {
        SiloSnapshot? best = null;
        foreach (var silo in view.Live)
        {
            if (silo.Id == source.Id || silo.Draining || !silo.Models.Contains(model) || !health.IsHealthy(silo.Id) || RefusedWeights(silo.Id, model))
            {
                continue;
            }

            if (best is null || (tracker.LoadOf(silo), tracker.SessionsPlaced(silo)).CompareTo((tracker.LoadOf(best), tracker.SessionsPlaced(best))) < 0)
            {
                best = silo;
            }
        }

        return best;
    }

    private string RefusedWeightsNote(SortedSet<string> models)
    {
        var refusing = _refusedWeights.Keys.ToList().Where(k => models.Contains(k.Model) && RefusedWeights(k.SiloId, k.Model)).Select(k => k.SiloId).Distinct().Order(StringComparer.Ordinal).ToList();
        return refusing.Count == 0 ? "" : $" Silo(s) {string.Join(", ", refusing)} serve a model of that name built from other weights (import refused: model_mismatch).";
    }

    private bool RefusedWeights(string siloId, string model)
    {
        if (!_refusedWeights.TryGetValue((siloId, model), out var until))
        {
            return false;
        }

        if (timeProvider.GetUtcNow() < until)
        {
            return true;
        }

        _refusedWeights.Remove((siloId, model));
        return false;
    }

    /// <summary>One attempt to move a session: its directory key, the id its hand-over fences under, and where it lives.</summary>
    private sealed record SessionMove(string Key, string Id, SessionInfo Session, SiloSnapshot Source);

    private DrainProgress Progress(DrainState state, int moved, int remaining, int staying, string message) =>
        new(state, moved, remaining, staying, message, timeProvider.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionKey} moved from draining silo {From} to {To} ({HistoryTokens} tokens of history)")]
    private static partial void LogMoved(ILogger logger, string sessionKey, string from, string to, int historyTokens);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving session {SessionKey}: {Step} answered {Status}; it stays for now and is tried again")]
    private static partial void LogMoveFailed(ILogger logger, string sessionKey, string step, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving session {SessionKey}: silo {Target} refused the import (HTTP {Status}, {Code})")]
    private static partial void LogImportRefused(ILogger logger, string sessionKey, string target, int status, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving session {SessionKey} failed; it stays for now and is tried again")]
    private static partial void LogMoveError(ILogger logger, Exception exception, string sessionKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Move of session {SessionKey} failed: its fence on silo {SiloId} was lifted (HTTP {Status}), so it keeps serving there")]
    private static partial void LogFenceLifted(ILogger logger, string sessionKey, string siloId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Move of session {SessionKey} failed and its fence on silo {SiloId} could not be lifted; the next pass moves it")]
    private static partial void LogFenceNotLifted(ILogger logger, Exception exception, string sessionKey, string siloId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing the sessions of draining silo {SiloId} failed ({Failure})")]
    private static partial void LogListFailed(ILogger logger, string siloId, string failure);
}
