using System.Text.Json.Nodes;
using Cluster.Contracts.Store;
using Cluster.Gateway.Auth;
using Cluster.Gateway.Forwarding;
using Cluster.Gateway.Requests;
using Cluster.Gateway.Usage;

namespace Cluster.Gateway.Sessions;

/// <summary>What the gateway records around a forwarded request: session ids, histories (so sessions survive their silo), usage per key.</summary>
internal sealed partial class SessionBookkeeper(
    ISessionDirectory directory,
    ISessionHistoryStore histories,
    UsageRecorder usage,
    TimeProvider timeProvider,
    ILogger<SessionBookkeeper> logger)
{
    /// <summary>Gives an interactive request with session_id -1 a cluster-wide id, so any silo can own it and every gateway can find it.</summary>
    public async Task AssignInteractiveSessionAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        long id;
        do
        {
            id = Random.Shared.NextInt64(1, int.MaxValue);
        }
        while (await directory.FindSessionAsync(Key(id), cancellationToken) is not null);

        request.Body = RequestBodyRewriter.With(request.Body, "session_id", JsonValue.Create(id));
        request.SessionKey = Key(id);
        request.SessionKeySource = SessionKeySource.InteractiveId;
    }

    /// <summary>Before a moved session's turn: adds the stored history to the request unless the client sent it.</summary>
    public async Task RestoreHistoryAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        if (request.SessionKey is not { } key || request.Endpoint != InferenceEndpoint.ChatCompletions || request.Messages is not { } messages)
        {
            return;
        }

        var stored = await histories.GetHistoryAsync(key, cancellationToken);
        if (!SessionHistory.CarriesHistory(messages, stored))
        {
            request.Body = RequestBodyRewriter.With(request.Body, "messages", SessionHistory.Effective(messages, stored));
            LogRestored(logger, key);
        }
    }

    /// <summary>After a forwarded response: counts usage (written later, in batches); for a session, completes the response, then records its history or end.</summary>
    public async Task AfterResponseAsync(HttpContext context, InferenceRequest request, ForwardingAttempt attempt, ApiKeyIdentity? identity)
    {
        if (attempt.StatusCode != StatusCodes.Status200OK || attempt.StreamCut || attempt.Observer is not { } observer)
        {
            return;
        }

        if (identity is not null)
        {
            usage.Record(identity.Id, observer.Usage ?? new TokenUsage(1, 0, 0, 0));
        }

        if (request.SessionKey is not { } key)
        {
            return;
        }

        // The client has its whole answer before the store is written.
        await context.Response.CompleteAsync();
        try
        {
            if (request.EndsSession)
            {
                await directory.RemoveSessionAsync(key, CancellationToken.None);
            }
            else if (request.Messages is { } messages && observer.Content is { } answer)
            {
                var stored = await histories.GetHistoryAsync(key, CancellationToken.None);
                await histories.SaveHistoryAsync(key, request.Model!, SessionHistory.AfterTurn(messages, stored, answer), timeProvider.GetUtcNow(), CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The client was served; losing one record must not turn into an error for it.
            LogBookkeepingFailed(logger, ex);
        }
    }

    private static string Key(long id) => "i:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionKey} moved: its stored history was added to the request")]
    private static partial void LogRestored(ILogger logger, string sessionKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording usage or session history failed")]
    private static partial void LogBookkeepingFailed(ILogger logger, Exception exception);
}
