using System.Text.Json.Serialization;

namespace Cluster.Contracts.OpenAI;

/// <summary>POST /v1/completions (legacy text completion).</summary>
public sealed record CompletionRequest : GenerationRequestBody
{
    /// <summary>The prompt: a string or a list holding one string (required).</summary>
    [JsonConverter(typeof(StringOrListConverter))]
    public IReadOnlyList<string>? Prompt { get; init; }

    /// <summary>Return each generated token's log probability and this many alternatives (0 to 5).</summary>
    public int? Logprobs { get; init; }
}
