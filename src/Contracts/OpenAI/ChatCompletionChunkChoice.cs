using System.Text.Json.Serialization;

namespace Cluster.Contracts.OpenAI;

/// <summary>One choice of a streamed chat completion chunk.</summary>
public sealed record ChatCompletionChunkChoice
{
    /// <summary>The choice index.</summary>
    public int Index { get; init; }

    /// <summary>What this chunk adds.</summary>
    public required ChatCompletionDelta Delta { get; init; }

    /// <summary>The log probabilities of this chunk's tokens when logprobs was asked for, else null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ChatLogProbs? Logprobs { get; init; }

    /// <summary>Null until the last content chunk, then "stop" or "length".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }
}
