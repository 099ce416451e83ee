using Cluster.Contracts.Interactive;
using Cluster.Grains.Models;
using Cluster.Grains.Sessions;
using Cluster.Inference.Generation;
using Cluster.Inference.Text;
using Cluster.Silo.Errors;
using Cluster.Silo.Generation;
using Cluster.Silo.Sessions;
using Cluster.Silo.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cluster.Silo.Apis;

/// <summary>
/// POST /v1/chat/interactive with LMDeploy's semantics: interactive_mode keeps the conversation on the server,
/// session_id -1 lets the server pick one, cancel stops the running turn, an empty one-off prompt ends the session. A vision
/// model takes images as image_url parts in prompt messages, LMDeploy's image_url field or ms-swift's images.
/// </summary>
internal static class InteractiveApi
{
    private const string Ended = "end";
    private const string PromptParam = "prompt";

    public static IEndpointRouteBuilder MapInteractiveApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/chat/interactive", ChatInteractive)
            .WithTags("Chat")
            .WithName("ChatInteractive")
            .WithSummary("Runs a turn of an interactive session (LMDeploy's API); with stream set, as NDJSON lines.")
            .Accepts<InteractiveRequest>("application/json")
            .Produces<InteractiveResponse>(StatusCodes.Status200OK, "application/json", "application/x-ndjson")
            .ProducesGenerationErrors();
        return app;
    }

    public static async Task<Results<Ok<InteractiveResponse>, NdjsonResult<InteractiveResponse>, OpenAIErrorResult, EmptyHttpResult>> ChatInteractive(
        HttpContext httpContext, [AsParameters] OpenAIServices services)
    {
        var (body, readError) = await JsonBodyReader.ReadAsync(httpContext.Request, SessionJson.Context.InteractiveRequest).ConfigureAwait(false);
        if (readError is not null)
        {
            return readError;
        }

        var sessionId = body!.SessionId ?? InteractiveSessionId.ServerAssigned;
        if (sessionId.Value.Length == 0 || (sessionId is { IsNumber: true, IsServerAssigned: false } && sessionId.Value.StartsWith('-')))
        {
            return OpenAIErrors.InvalidParameter("session_id", $"session_id is '{sessionId.Value}'; send -1 to have one assigned, a non-negative integer or a non-empty string.");
        }

        if (InteractivePrompt.TryConvert(body, out var turns, out var images) is { } invalidPrompt)
        {
            return invalidPrompt;
        }

        if (body.Cancel == true || turns.Length == 0)
        {
            return await ControlAsync(httpContext, body, sessionId, services.Sessions).ConfigureAwait(false);
        }

        var maxTokensParam = body.RequestOutputLen is null && body.MaxTokens is not null ? "max_tokens" : "request_output_len";
        if (GenerationRequestFactory.TryCreate(body, body.RequestOutputLen ?? body.MaxTokens, maxTokensParam, out var request) is { } invalid)
        {
            return invalid;
        }

        if (request.Choices > 1)
        {
            return OpenAIErrors.InvalidParameter("n", $"n is {request.Choices}; /v1/chat/interactive answers with one text, so n must be 1.");
        }

        if (services.TryGetReadyGrain(body.Model, out var grain) is { } unavailable)
        {
            return unavailable;
        }

        var (imageFiles, imageError) = await ChatImagePrompt.LoadAsync(grain, services.Images, images, PromptParam, httpContext.RequestAborted).ConfigureAwait(false);
        if (imageError is not null)
        {
            return imageError;
        }

        if (sessionId.IsServerAssigned)
        {
            sessionId = InteractiveSessionId.FromServer(ServerSessionIds.Next());
        }

        var (output, historyTokens, refused) = body.InteractiveMode == true
            ? await StartSessionTurnAsync(httpContext, services.Sessions, sessionId, grain, turns, imageFiles, request).ConfigureAwait(false)
            : await StartOneOffAsync(grain, turns, imageFiles, request, httpContext.RequestAborted).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var lines = InteractiveLines.ReadAsync(output!, sessionId, historyTokens, httpContext.RequestAborted);
        if (body.Stream == true)
        {
            return new NdjsonResult<InteractiveResponse>(lines, SessionJson.Context.InteractiveResponse);
        }

        return await CollectAsync(lines, services, httpContext).ConfigureAwait(false) is { } answer ? TypedResults.Ok(answer) : TypedResults.Empty;
    }

    // cancel: stop the session's running turn. An empty prompt: end the session (one-off mode), or a 400 in interactive mode.
    private static async Task<Results<Ok<InteractiveResponse>, NdjsonResult<InteractiveResponse>, OpenAIErrorResult, EmptyHttpResult>> ControlAsync(
        HttpContext httpContext, InteractiveRequest body, InteractiveSessionId sessionId, SessionTurns sessions)
    {
        if (body.Cancel != true && body.InteractiveMode == true)
        {
            return OpenAIErrors.InvalidParameter("prompt", "prompt is empty; send text or messages, or set interactive_mode to false to end the session.");
        }

        if (sessionId.IsServerAssigned)
        {
            return OpenAIErrors.InvalidParameter("session_id", "session_id is -1; name the session to " + (body.Cancel == true ? "cancel." : "end."));
        }

        // Ending or cancelling names no model: the owner check is all the claim is for.
        var (grain, claim) = sessions.Resolve(httpContext, SessionKeys.ForInteractive(sessionId.Value), body.Model ?? string.Empty);
        if (body.Cancel != true)
        {
            await grain.EndAsync(claim).ConfigureAwait(false);
            return TypedResults.Ok(Empty(sessionId, 0, Ended));
        }

        if (!await grain.CancelTurnAsync(claim).ConfigureAwait(false))
        {
            return OpenAIErrors.SessionNotFound(sessionId.Value);
        }

        return TypedResults.Ok(Empty(sessionId, (await grain.DescribeAsync().ConfigureAwait(false)).HistoryTokens, "stop"));
    }

    private static async Task<(IAsyncEnumerable<GenerationChunk>? Output, int HistoryTokens, OpenAIErrorResult? Error)> StartSessionTurnAsync(HttpContext httpContext,
        SessionTurns sessions, InteractiveSessionId sessionId, IModelHost grain, ChatMessage[] turns, ReadOnlyMemory<byte>[] images, GenerationRequest request)
    {
        var (admission, historyTokens, error) = await sessions.StartAsync(httpContext, SessionKeys.ForInteractive(sessionId.Value), sessionId.Value, grain, turns, request,
            PromptParam, images).ConfigureAwait(false);

        return error is null ? (admission!.Stream, historyTokens, null) : (null, 0, error);
    }

    private static async Task<(IAsyncEnumerable<GenerationChunk>? Output, int HistoryTokens, OpenAIErrorResult? Error)> StartOneOffAsync(IModelHost grain, ChatMessage[] turns,
        ReadOnlyMemory<byte>[] images, GenerationRequest request, CancellationToken cancellationToken)
    {
        if (ChatPrompt.TryRender(turns, grain.ChatTemplate, grain.ModelId, out var prompt) is { } unrenderable)
        {
            return (null, 0, unrenderable);
        }

        (request, var invalidImage) = await ChatImagePrompt.PromptAsync(grain, request, prompt, images, PromptParam, cancellationToken).ConfigureAwait(false);
        if (invalidImage is not null)
        {
            return (null, 0, invalidImage);
        }

        var admission = grain.Submit(request, cancellationToken);
        return OpenAIErrors.FromAdmission(admission, grain, PromptParam) is { } refused ? (null, 0, refused) : (admission.Stream, 0, null);
    }

    private static async Task<InteractiveResponse?> CollectAsync(IAsyncEnumerable<InteractiveResponse> lines, OpenAIServices services, HttpContext httpContext)
    {
        var text = new System.Text.StringBuilder();
        try
        {
            await foreach (var line in lines.ConfigureAwait(false))
            {
                text.Append(line.Text);
                if (line.FinishReason is not null)
                {
                    return line with { Text = text.ToString() };
                }
            }
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            ApiLog.ClientAborted(services.Logger, httpContext.Request.Path);
        }

        return null;
    }

    private static InteractiveResponse Empty(InteractiveSessionId sessionId, int historyTokens, string finishReason) => new()
    {
        Text = string.Empty, Tokens = 0, InputTokens = 0, HistoryTokens = historyTokens, FinishReason = finishReason, SessionId = sessionId,
    };
}
