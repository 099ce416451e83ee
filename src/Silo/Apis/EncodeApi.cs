using System.Text.Json;
using Cluster.Contracts.Encode;
using Cluster.Contracts.OpenAI;
using Cluster.Grains.Models;
using Cluster.Inference.Text;
using Cluster.Silo.Errors;
using Cluster.Silo.Generation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cluster.Silo.Apis;

/// <summary>POST /v1/encode with LMDeploy's semantics: a string or a list of strings to token ids, optionally as a templated user turn.</summary>
internal static class EncodeApi
{
    private const string Param = "input";

    public static IEndpointRouteBuilder MapEncodeApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/encode", Encode)
            .WithTags("Tokens")
            .WithName("Encode")
            .WithSummary("Tokenizes text with the model's tokenizer (LMDeploy's API).")
            .Accepts<EncodeRequest>("application/json")
            .Produces<EncodeResponse>()
            .ProducesOpenAIErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<Results<Ok<EncodeResponse>, Ok<EncodeBatchResponse>, OpenAIErrorResult>> Encode(HttpContext httpContext, [AsParameters] OpenAIServices services)
    {
        var (body, readError) = await JsonBodyReader.ReadAsync(httpContext.Request, OpenAIJson.Context.EncodeRequest).ConfigureAwait(false);
        if (readError is not null)
        {
            return readError;
        }

        if (ReadInputs(body!.Input, out var inputs, out var single) is { } invalid)
        {
            return invalid;
        }

        if (services.TryGetReadyGrain(body.Model, out var grain, ModelUse.Tokenizer) is { } unavailable)
        {
            return unavailable;
        }

        var ids = new List<IReadOnlyList<int>>(inputs.Count);
        foreach (var input in inputs)
        {
            RenderedChat? turn = null;
            if (body.DoPreprocess == true && ChatPrompt.TryRender([new ChatMessage("user", input)], grain.ChatTemplate, grain.ModelId, out turn) is { } unrenderable)
            {
                return unrenderable;
            }

            // A templated turn holds the template's control tokens (its markup only); raw input is text only.
            var tokens = turn?.Tokenize(grain.Vocabulary, addBeginning: body.AddBos ?? true)
                ?? grain.Vocabulary.Tokenize(input, addSpecial: body.AddBos ?? true, parseSpecial: false);
            ids.Add([.. tokens.Select(token => token.Value)]);
        }

        return single
            ? TypedResults.Ok(new EncodeResponse { InputIds = ids[0], Length = ids[0].Count })
            : TypedResults.Ok(new EncodeBatchResponse { InputIds = ids, Length = [.. ids.Select(list => list.Count)] });
    }

    private static OpenAIErrorResult? ReadInputs(JsonElement? input, out List<string> inputs, out bool single)
    {
        inputs = [];
        single = input is { ValueKind: JsonValueKind.String };
        switch (input)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return OpenAIErrors.MissingParameter(Param);
            case { ValueKind: JsonValueKind.String } text:
                inputs.Add(text.GetString()!);
                return null;
            case { ValueKind: JsonValueKind.Array } list:
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        return OpenAIErrors.InvalidParameter($"{Param}[{inputs.Count}]", "input must be a string or a list of strings.", "invalid_type");
                    }

                    inputs.Add(item.GetString()!);
                }

                return null;
            default:
                return OpenAIErrors.InvalidParameter(Param, "input must be a string or a list of strings.", "invalid_type");
        }
    }
}
