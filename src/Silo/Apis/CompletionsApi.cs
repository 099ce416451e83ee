using Cluster.Contracts.OpenAI;
using Cluster.Silo.Errors;
using Cluster.Silo.Generation;
using Cluster.Silo.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cluster.Silo.Apis;

/// <summary>POST /v1/completions (legacy text completion), streaming and not.</summary>
internal static class CompletionsApi
{
    // OpenAI's default for the legacy endpoint.
    private const int DefaultMaxTokens = 16;

    // OpenAI's limit for the legacy endpoint's logprobs.
    private const int MaxLogProbs = 5;

    public static IEndpointRouteBuilder MapCompletionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/completions", CreateCompletion)
            .WithTags("Completions")
            .WithName("CreateCompletion")
            .WithSummary("Continues a prompt; with stream set, as server-sent events.")
            .Accepts<CompletionRequest>("application/json")
            .ProducesGenerationErrors();
        return app;
    }

    public static async Task<Results<Ok<Completion>, EventStreamResult<Completion>, OpenAIErrorResult, EmptyHttpResult>> CreateCompletion(
        HttpContext httpContext, [AsParameters] OpenAIServices services)
    {
        var (body, readError) = await JsonBodyReader.ReadAsync(httpContext.Request, OpenAIJson.Context.CompletionRequest).ConfigureAwait(false);
        if (readError is not null)
        {
            return readError;
        }

        if ((GenerationRequestFactory.TryCreate(body!, body!.MaxTokens ?? DefaultMaxTokens, "max_tokens", out var request) ?? CheckPrompt(body.Prompt) ?? CheckLogProbs(body.Logprobs)) is { } invalid)
        {
            return invalid;
        }

        if (services.TryGetReadyGrain(body.Model, out var grain) is { } unavailable)
        {
            return unavailable;
        }

        request = request with { Prompt = grain.Vocabulary.Tokenize(body.Prompt![0], addSpecial: true, parseSpecial: false), LogProbs = body.Logprobs };
        var admission = grain.Submit(request, httpContext.RequestAborted);
        if (OpenAIErrors.FromAdmission(admission, grain, "prompt") is { } refused)
        {
            return refused;
        }

        var identity = CompletionIdentity.Create("cmpl-", services.Time, grain.ModelId);
        var logProbs = body.Logprobs is null ? null : new LogProbWire(grain.Vocabulary);
        if (body.Stream == true)
        {
            var usage = StreamUsage.For(httpContext, body.StreamOptions, request.Choices);
            var aborted = httpContext.RequestAborted;
            var events = ChoiceStreams.Merge(admission.Stream!, request.Choices,
                (choice, index) => CompletionEvents.ReadAsync(choice, identity, usage, logProbs, index, aborted), aborted);
            return new EventStreamResult<Completion>(events, OpenAIJson.Context.Completion, usage);
        }

        if (await services.CollectAsync(admission.Stream!, request.Choices, httpContext).ConfigureAwait(false) is not { } outputs)
        {
            return TypedResults.Empty;
        }

        return TypedResults.Ok(new Completion
        {
            Id = identity.Id,
            Created = identity.Created,
            Model = identity.Model,
            Choices = [.. outputs.Select((output, index) => new CompletionChoice
            {
                Index = index, Text = output.Text, FinishReason = OpenAIWire.FinishReason(output.Summary!), Logprobs = LogProbsOf(logProbs, output.LogProbs),
            })],
            Usage = OpenAIWire.Usage([.. outputs.Select(output => output.Summary!)]),
        });
    }

    private static CompletionLogProbs? LogProbsOf(LogProbWire? wire, IReadOnlyList<Inference.Generation.TokenLogProb>? logProbs)
    {
        var offset = 0;
        return wire?.Completion(logProbs, ref offset);
    }

    private static OpenAIErrorResult? CheckLogProbs(int? logProbs) => logProbs is < 0 or > MaxLogProbs
        ? OpenAIErrors.InvalidParameter("logprobs", $"logprobs is {logProbs}; it must be between 0 and {MaxLogProbs}.")
        : null;

    private static OpenAIErrorResult? CheckPrompt(IReadOnlyList<string>? prompt) => prompt switch
    {
        null => OpenAIErrors.MissingParameter("prompt"),
        { Count: 1 } => null,
        _ => OpenAIErrors.InvalidParameter("prompt", $"prompt holds {prompt.Count} prompts; send exactly one (a string or a list of one string)."),
    };
}
