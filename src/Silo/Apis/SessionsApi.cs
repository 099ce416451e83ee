using Cluster.Contracts.Sessions;
using Cluster.Grains.Sessions;
using Cluster.Silo.Errors;
using Cluster.Silo.Generation;
using Cluster.Silo.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SessionOptions = Cluster.Grains.Sessions.SessionOptions;

namespace Cluster.Silo.Apis;

/// <summary>
/// /internal/sessions: list, export, end and import the sessions of this silo, so the gateway can move them between
/// silos (failover, drain): export here, import there, then end here. A move hands over: the export fences the session
/// so no turn starts here after it, and a failed move lifts the fence.
/// </summary>
internal static class SessionsApi
{
    // An export carries the session's KV bytes (base64): hundreds of MiB for a long session of a large model.
    private const long ImportBodyLimit = 1L << 30;

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/internal/sessions").WithTags("Sessions");
        sessions.MapGet("/", ListSessions).WithName("ListSessions").WithSummary("Lists the sessions living on this silo.");
        sessions.MapGet("/{id}/export", ExportSession).WithName("ExportSession")
            .WithSummary("The session as JSON (conversation, token history, KV bytes as base64); waits for a running turn to end.")
            .Produces<SessionExport>(StatusCodes.Status200OK, "application/json")
            .ProducesOpenAIErrors(StatusCodes.Status404NotFound);
        sessions.MapPost("/{id}/handover", HandOverSession).WithName("HandOverSession")
            .WithSummary("Fences the session for the move named in X-Cluster-Move-Id (its new turns get 409 session_moved) and exports it once a running turn ended; 409 session_turn_running when that takes too long, 409 session_move_in_progress while another move holds the fence.")
            .Produces<SessionExport>(StatusCodes.Status200OK, "application/json")
            .ProducesOpenAIErrors(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        sessions.MapDelete("/{id}/handover", CancelHandover).WithName("CancelHandover")
            .WithSummary("Lifts the fence of a failed move (only that move's when X-Cluster-Move-Id names one): the session serves turns here again.")
            .ProducesOpenAIErrors(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        sessions.MapPost("/{id}/end", EndSession).WithName("EndSession").WithSummary("Ends the session and frees its KV.")
            .ProducesOpenAIErrors(StatusCodes.Status404NotFound);
        sessions.MapPost("/import", ImportSession).WithName("ImportSession")
            .WithSummary("Takes over a session exported from a silo serving the identical model.")
            .WithMetadata(new RequestSizeLimitAttribute(ImportBodyLimit))
            .Accepts<SessionExport>("application/json")
            .ProducesOpenAIErrors(
                StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static Ok<SessionList> ListSessions(SessionDirectory sessions) =>
        TypedResults.Ok(new SessionList([.. sessions.All.Select(ToInfo)]));

    public static async Task<Results<SessionExportResult, OpenAIErrorResult>> ExportSession(string id, SessionDirectory sessions, CancellationToken aborted)
    {
        if (sessions.Find(id) is not { } session)
        {
            return OpenAIErrors.SessionNotFound(id);
        }

        return new SessionExportResult(await session.ExportAsync(aborted).ConfigureAwait(false));
    }

    public static async Task<Results<SessionExportResult, OpenAIErrorResult>> HandOverSession(
        string id, [FromHeader(Name = SessionEndpoints.MoveIdHeader)] string? moveId, SessionDirectory sessions, IOptions<SessionOptions> options, CancellationToken aborted)
    {
        if (sessions.Find(id) is not { } session)
        {
            return OpenAIErrors.SessionNotFound(id);
        }

        // A hand-over that names no move is a move of its own.
        var settings = options.Value;
        var handover = await session.FenceAndExportAsync(string.IsNullOrEmpty(moveId) ? Guid.NewGuid().ToString("N") : moveId,
            settings.HandoverTurnWait, settings.HandoverFenceLease, aborted).ConfigureAwait(false);
        return handover.Status switch
        {
            HandoverStatus.Exported => new SessionExportResult(handover.Export!),
            HandoverStatus.TurnRunning => OpenAIErrors.SessionTurnRunning(id, settings.HandoverTurnWait),
            _ => OpenAIErrors.SessionMoveInProgress(id, settings.HandoverFenceLease),
        };
    }

    public static Results<NoContent, OpenAIErrorResult> CancelHandover(string id, [FromHeader(Name = SessionEndpoints.MoveIdHeader)] string? moveId, SessionDirectory sessions, IOptions<SessionOptions> options)
    {
        if (sessions.Find(id) is not { } session)
        {
            return OpenAIErrors.SessionNotFound(id);
        }

        return session.Unfence(string.IsNullOrEmpty(moveId) ? null : moveId) || session.FenceHolder is null
            ? TypedResults.NoContent()
            : OpenAIErrors.SessionMoveInProgress(id, options.Value.HandoverFenceLease);
    }

    public static async Task<Results<NoContent, OpenAIErrorResult>> EndSession(string id, SessionDirectory sessions) =>
        await sessions.EndAsync(id).ConfigureAwait(false) ? TypedResults.NoContent() : OpenAIErrors.SessionNotFound(id);

    public static async Task<Results<Created<SessionInfo>, OpenAIErrorResult>> ImportSession(HttpContext httpContext, [AsParameters] OpenAIServices services)
    {
        var (export, readError) = await JsonBodyReader.ReadAsync(httpContext.Request, SessionJson.Context.SessionExport).ConfigureAwait(false);
        if (readError is not null)
        {
            return readError;
        }

        if (export!.SessionId.Length == 0)
        {
            return OpenAIErrors.InvalidParameter("session_id", "The session export has an empty session_id.");
        }

        if (export.Version != SessionExport.CurrentVersion)
        {
            return OpenAIErrors.FromImport(SessionImportResult.UnknownVersion, export, string.Empty)!;
        }

        if (services.TryGetReadyGrain(export.ModelId, out var grain) is { } unavailable)
        {
            return unavailable;
        }

        var result = await services.Sessions.ImportAsync(export, grain).ConfigureAwait(false);
        if (OpenAIErrors.FromImport(result, export, grain.Fingerprint) is { } refused)
        {
            return refused;
        }

        var info = ToInfo(services.Sessions.Find(export.SessionId)!);
        return TypedResults.Created($"/internal/sessions/{Uri.EscapeDataString(export.SessionId)}", info);
    }

    private static SessionInfo ToInfo(SessionGrain session) =>
        new(session.Id, session.Model.ModelId, session.HistoryTokens, Math.Round(session.Idle.TotalSeconds, 3));
}
