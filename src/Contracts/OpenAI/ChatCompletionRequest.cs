namespace Cluster.Contracts.OpenAI;

/// <summary>POST /v1/chat/completions.</summary>
public sealed record ChatCompletionRequest : GenerationRequestBody
{
    /// <summary>The conversation (required).</summary>
    public IReadOnlyList<ChatRequestMessage>? Messages { get; init; }

    /// <summary>Most tokens to generate; takes precedence over max_tokens.</summary>
    public int? MaxCompletionTokens { get; init; }
}
