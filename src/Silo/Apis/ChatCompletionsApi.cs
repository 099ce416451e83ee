using Cluster.Contracts.OpenAI;
using Cluster.Grains.Models;
using Cluster.Grains.Sessions;
using Cluster.Inference.Generation;
using Cluster.Inference.Sampling;
using Cluster.Inference.Text;
using Cluster.Silo.Errors;
using Cluster.Silo.Generation;
using Cluster.Silo.Images;
using Cluster.Silo.Sessions;
using Cluster.Silo.Streaming;
using Cluster.Silo.Tools;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cluster.Silo.Apis;

/// <summary>POST /v1/chat/completions, streaming and not; with an X-Session-Id header the silo keeps the conversation's history and KV.</summary>
internal static class ChatCompletionsApi
{
    public static IEndpointRouteBuilder MapChatCompletionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/chat/completions", CreateChatCompletion)
            .WithTags("Chat")
            .WithName("CreateChatCompletion")
            .WithSummary("Answers a conversation; with stream set, as server-sent events.")
            .Accepts<ChatCompletionRequest>("application/json")
            .ProducesGenerationErrors();
        return app;
    }

    public static async Task<Results<Ok<ChatCompletion>, EventStreamResult<ChatCompletionChunk>, OpenAIErrorResult, EmptyHttpResult>> CreateChatCompletion(
        HttpContext httpContext, [AsParameters] OpenAIServices services)
    {
        var (body, readError) = await JsonBodyReader.ReadAsync(httpContext.Request, OpenAIJson.Context.ChatCompletionRequest).ConfigureAwait(false);
        if (readError is not null)
        {
            return readError;
        }

        var maxTokensParam = body!.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens";
        if (GenerationRequestFactory.TryCreate(body, body.MaxCompletionTokens ?? body.MaxTokens, maxTokensParam, out var request) is { } invalid)
        {
            return invalid;
        }

        if (CheckLogProbs(body) is { } invalidLogProbs)
        {
            return invalidLogProbs;
        }

        request = request with { LogProbs = body.Logprobs == true ? body.TopLogprobs ?? 0 : null };
        var partImages = new List<ImageReference>();
        if (ChatPrompt.TryConvert(body.Messages, partImages, out var turns) is { } invalidMessages)
        {
            return invalidMessages;
        }

        if ((ToolUse.TryCreate(body, out var tools) ?? UseTools(tools, ref request)) is { } invalidTools)
        {
            return invalidTools;
        }

        var images = ChatImages.Arrange(turns, partImages, ChatImages.Swift(body.Images));

        // A session declares the tools once in its conversation (its runtime decides where); a stateless prompt here.
        var described = tools?.Describe(turns) ?? turns;
        if (services.TryGetReadyGrain(body.Model, out var grain) is { } unavailable)
        {
            return unavailable;
        }

        var (imageFiles, imageError) = await ChatImagePrompt.LoadAsync(grain, services.Images, images, "messages", httpContext.RequestAborted).ConfigureAwait(false);
        if (imageError is not null)
        {
            return imageError;
        }

        if (ChatPrompt.TryRender(described, grain.ChatTemplate, grain.ModelId, out var prompt) is { } unrenderable)
        {
            return unrenderable;
        }

        Admission admission;
        if (httpContext.Request.Headers[SessionTurns.SessionIdHeader].ToString() is { Length: > 0 } sessionId)
        {
            if (request.Choices > 1)
            {
                return OpenAIErrors.InvalidParameter("n", $"n is {request.Choices}; a session ({SessionTurns.SessionIdHeader}) holds one conversation, so its turns take n = 1.");
            }

            // The session keeps history and KV: its grain builds the prompt from its history and the new messages.
            httpContext.Response.Headers[SessionTurns.SessionIdHeader] = sessionId;
            var (started, _, refusedTurn) = await services.Sessions.StartAsync(httpContext, SessionKeys.ForHeader(sessionId), sessionId, grain, turns, request, "messages", imageFiles, tools?.Preamble())
                .ConfigureAwait(false);
            if (refusedTurn is not null)
            {
                return refusedTurn;
            }

            admission = started!;
        }
        else
        {
            // The template renders no BOS: it is added once.
            (request, var invalidImage) = await ChatImagePrompt.PromptAsync(grain, request, prompt, imageFiles, "messages", httpContext.RequestAborted).ConfigureAwait(false);
            if (invalidImage is not null)
            {
                return invalidImage;
            }

            admission = grain.Submit(request, httpContext.RequestAborted);
            if (OpenAIErrors.FromAdmission(admission, grain, "messages") is { } refused)
            {
                return refused;
            }
        }

        var identity = CompletionIdentity.Create("chatcmpl-", services.Time, grain.ModelId);
        var logProbs = request.LogProbs is null ? null : new LogProbWire(grain.Vocabulary);
        if (body.Stream == true)
        {
            var usage = StreamUsage.For(httpContext, body.StreamOptions, request.Choices);
            var aborted = httpContext.RequestAborted;
            var events = ChoiceStreams.Merge(admission.Stream!, request.Choices,
                (choice, index) => ChatCompletionEvents.ReadAsync(choice, identity, usage, tools, logProbs, index, aborted), aborted);
            return new EventStreamResult<ChatCompletionChunk>(events, OpenAIJson.Context.ChatCompletionChunk, usage);
        }

        if (await services.CollectAsync(admission.Stream!, request.Choices, httpContext).ConfigureAwait(false) is not { } outputs)
        {
            return TypedResults.Empty;
        }

        return TypedResults.Ok(new ChatCompletion
        {
            Id = identity.Id,
            Created = identity.Created,
            Model = identity.Model,
            Choices = [.. outputs.Select((output, index) => Choice(output, index, tools, logProbs))],
            Usage = OpenAIWire.Usage([.. outputs.Select(output => output.Summary!)]),
        });
    }

    private static ChatCompletionChoice Choice(OutputPiece output, int index, ToolUse? tools, LogProbWire? logProbs)
    {
        var (message, finishReason) = ToolAnswer.Of(output.Text, output.Summary!, tools);
        return new ChatCompletionChoice
        {
            Index = index, Message = message, FinishReason = finishReason, Logprobs = message.ToolCalls is null ? logProbs?.Chat(output.LogProbs) : null,
        };
    }

    private static OpenAIErrorResult? CheckLogProbs(ChatCompletionRequest body) => body.TopLogprobs switch
    {
        < 0 or > LogProbCapture.MaxTop => OpenAIErrors.InvalidParameter("top_logprobs", $"top_logprobs is {body.TopLogprobs}; it must be between 0 and {LogProbCapture.MaxTop}."),
        > 0 when body.Logprobs != true => OpenAIErrors.InvalidParameter("top_logprobs", "top_logprobs needs logprobs set to true."),
        _ => null,
    };

    // Tools are described in the system turn; a required or named call is forced by its grammar, which leaves no room for a response_format.
    private static OpenAIErrorResult? UseTools(ToolUse? tools, ref GenerationRequest request)
    {
        if (tools is null)
        {
            return null;
        }

        if (tools.TryGrammar(out var grammar) is { } invalid)
        {
            return invalid;
        }

        if (grammar is not null && request.Grammar is not null)
        {
            return OpenAIErrors.InvalidParameter("response_format", "A JSON response_format cannot be combined with a tool_choice that forces a call; the call's arguments follow the function's schema.");
        }

        request = request with { Grammar = grammar ?? request.Grammar };
        return null;
    }
}
