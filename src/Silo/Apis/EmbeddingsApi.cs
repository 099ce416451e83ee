using Cluster.Contracts.Embeddings;
using Cluster.Contracts.OpenAI;
using Cluster.Grains.Models;
using Cluster.Inference.Native;
using Cluster.Silo.Embeddings;
using Cluster.Silo.Errors;
using Cluster.Silo.Generation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cluster.Silo.Apis;

/// <summary>POST /v1/embeddings for embedding models: unit-length pooled vectors, as floats or base64, every input of a request batched together.</summary>
internal static class EmbeddingsApi
{
    public static IEndpointRouteBuilder MapEmbeddingsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/embeddings", CreateEmbeddings)
            .WithTags("Embeddings")
            .WithName("CreateEmbeddings")
            .WithSummary("Embeds text or token ids with an embedding model (L2-normalised vectors).")
            .Accepts<EmbeddingRequest>("application/json")
            .Produces<EmbeddingList>()
            .ProducesGenerationErrors();
        return app;
    }

    public static async Task<Results<Ok<EmbeddingList>, OpenAIErrorResult, EmptyHttpResult>> CreateEmbeddings(HttpContext httpContext, [AsParameters] OpenAIServices services)
    {
        var (body, readError) = await JsonBodyReader.ReadAsync(httpContext.Request, OpenAIJson.Context.EmbeddingRequest).ConfigureAwait(false);
        if (readError is not null)
        {
            return readError;
        }

        if ((EmbeddingInputReader.Read(body!.Input, out var inputs) ?? CheckFormat(body.EncodingFormat)) is { } invalid)
        {
            return invalid;
        }

        if (services.TryGetReadyGrain(body.Model, out var grain, ModelUse.Embeddings) is { } unavailable)
        {
            return unavailable;
        }

        var embeddings = grain.Embeddings!;
        if (body.Dimensions is { } dimensions && dimensions != embeddings.Dimensions)
        {
            return OpenAIErrors.InvalidParameter("dimensions",
                $"The model '{grain.ModelId}' returns {embeddings.Dimensions} dimensions and cannot shorten its vectors; leave dimensions out or set it to {embeddings.Dimensions}.",
                "unsupported_value");
        }

        if (Tokenize(inputs, grain, embeddings.MaxInputTokens, out var tokens) is { } tooLong)
        {
            return tooLong;
        }

        // The model routes the request to its replica with the fewest in flight per slot.
        if (grain.Embed(tokens, httpContext.RequestAborted) is not { } pending)
        {
            return OpenAIErrors.QueueFull(grain.ModelId, TimeSpan.FromSeconds(1));
        }

        IReadOnlyList<float[]> vectors;
        try
        {
            vectors = await pending.WaitAsync(httpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            ApiLog.ClientAborted(services.Logger, httpContext.Request.Path);
            return TypedResults.Empty;
        }

        var base64 = body.EncodingFormat == "base64";
        var promptTokens = tokens.Sum(input => input.Length);
        return TypedResults.Ok(new EmbeddingList
        {
            Data = [.. vectors.Select((vector, index) => new Embedding { Index = index, Vector = new EmbeddingVector(vector, base64) })],
            Model = grain.ModelId,
            Usage = new EmbeddingUsage { PromptTokens = promptTokens, TotalTokens = promptTokens },
        });
    }

    private static OpenAIErrorResult? CheckFormat(string? format) => format is null or "float" or "base64"
        ? null
        : OpenAIErrors.InvalidParameter("encoding_format", $"encoding_format is '{format}'; use 'float' or 'base64'.", "invalid_value");

    /// <summary>Each input's tokens (text with BOS, ids as given); 400 naming the first input that is longer than the model takes or holds an unknown id.</summary>
    private static OpenAIErrorResult? Tokenize(List<EmbeddingInput> inputs, IModelHost grain, int maxTokens, out List<LlamaToken[]> tokens)
    {
        tokens = new List<LlamaToken[]>(inputs.Count);
        var vocabularySize = grain.Vocabulary.TokenCount;
        for (var index = 0; index < inputs.Count; index++)
        {
            var input = inputs[index];
            var param = inputs.Count == 1 ? "input" : $"input[{index}]";
            if (input.TokenIds?.FirstOrDefault(id => id >= vocabularySize, -1) is >= 0 and var unknown)
            {
                return OpenAIErrors.InvalidParameter(param, $"{param} holds token id {unknown}, outside the model's vocabulary of {vocabularySize} tokens.", "invalid_value");
            }

            var ids = input.Text is { } text
                ? grain.Vocabulary.Tokenize(text, addSpecial: true, parseSpecial: false)
                : [.. input.TokenIds!.Select(id => new LlamaToken(id))];
            if (ids.Length > maxTokens)
            {
                return OpenAIErrors.InvalidParameter(param,
                    $"{param} has {ids.Length} tokens; the model '{grain.ModelId}' embeds at most {maxTokens} tokens per input. Shorten or split it.",
                    "context_length_exceeded");
            }

            tokens.Add(ids);
        }

        return null;
    }
}
