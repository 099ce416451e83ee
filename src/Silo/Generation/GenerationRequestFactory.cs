using System.Globalization;
using Cluster.Contracts.OpenAI;
using Cluster.Inference.Generation;
using Cluster.Inference.Sampling;
using Cluster.Silo.Errors;

namespace Cluster.Silo.Generation;

/// <summary>Checks the fields chat and text completions share and maps them onto a <see cref="GenerationRequest"/> (prompt still empty).</summary>
internal static class GenerationRequestFactory
{
    private const int MaxStopSequences = 4;

    /// <summary>Returns the first problem as an error, or null with the request in <paramref name="request"/>.</summary>
    public static OpenAIErrorResult? TryCreate(GenerationRequestBody body, int? maxTokens, string maxTokensParam, out GenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(body);
        request = null!;
        var sampling = new SamplingOptions
        {
            Temperature = body.Temperature ?? 1f,
            TopP = body.TopP ?? 1f,
            TopK = body.TopK ?? 0,
            MinP = body.MinP ?? 0f,
            PresencePenalty = body.PresencePenalty ?? 0f,
            FrequencyPenalty = body.FrequencyPenalty ?? 0f,
            RepetitionPenalty = body.RepetitionPenalty ?? 1f,
            Seed = body.Seed is { } seed ? FoldSeed(seed) : null,
            LogitBias = TokenBiases(body.LogitBias),
        };
        string? grammar = null;
        var error = CheckShared(body, maxTokens, maxTokensParam)
            ?? (sampling.Validate() is { } invalid ? OpenAIErrors.InvalidParameter(invalid.Parameter, invalid.Message) : null)
            ?? ResponseFormatGrammar.TryCreate(body.ResponseFormat, out grammar);
        if (error is not null)
        {
            return error;
        }

        request = new GenerationRequest
        {
            Prompt = [],
            Sampling = sampling,
            MaxTokens = maxTokens,
            Stop = body.Stop ?? [],
            IgnoreEos = body.IgnoreEos ?? false,
            Grammar = grammar,
            Choices = body.N ?? 1,
        };
        return null;
    }

    private static OpenAIErrorResult? CheckShared(GenerationRequestBody body, int? maxTokens, string maxTokensParam)
    {
        if (body.N is < 1)
        {
            return OpenAIErrors.InvalidParameter("n", $"n is {body.N}; it must be at least 1.");
        }

        if (maxTokens is < 1)
        {
            return OpenAIErrors.InvalidParameter(maxTokensParam, $"{maxTokensParam} is {maxTokens}; it must be at least 1.");
        }

        if (body.Stop is { Count: > MaxStopSequences })
        {
            return OpenAIErrors.InvalidParameter("stop", $"stop holds {body.Stop.Count} sequences; send at most {MaxStopSequences}.");
        }

        if (body.Stop is not null && body.Stop.Any(string.IsNullOrEmpty))
        {
            return OpenAIErrors.InvalidParameter("stop", "stop sequences must not be empty.");
        }

        if (body.IgnoreEos == true && body.ResponseFormat?.Type is "json_object" or "json_schema")
        {
            return OpenAIErrors.InvalidParameter("ignore_eos", "ignore_eos cannot be combined with a JSON response_format, whose answer must be able to end.");
        }

        if (body.LogitBias?.Keys.FirstOrDefault(key => !int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _)) is { } notAToken)
        {
            return OpenAIErrors.InvalidParameter("logit_bias", $"logit_bias key '{notAToken}' is not a token id; keys are token ids written as decimal integers.");
        }

        if (body.StreamOptions is not null && body.Stream != true)
        {
            return OpenAIErrors.InvalidParameter("stream_options", "stream_options is only allowed when stream is true.");
        }

        return null;
    }

    // Keys that are not token ids are refused by CheckShared; here they are skipped.
    private static Dictionary<int, float>? TokenBiases(IReadOnlyDictionary<string, float>? biases) => biases is null or { Count: 0 } ? null
        : biases.Where(bias => int.TryParse(bias.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .ToDictionary(bias => int.Parse(bias.Key, NumberStyles.None, CultureInfo.InvariantCulture), bias => bias.Value);

    // OpenAI seeds are 64-bit; llama.cpp's are 32-bit. Seeds that fit are kept as they are.
    private static uint FoldSeed(long seed) => seed is >= 0 and <= uint.MaxValue ? (uint)seed : unchecked((uint)seed ^ (uint)(seed >> 32));
}
