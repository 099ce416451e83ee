using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cluster.Contracts.OpenAI;

/// <summary>POST /v1/chat/completions.</summary>
public sealed record ChatCompletionRequest : GenerationRequestBody
{
    /// <summary>The conversation (required): a list of messages, or one string taken as a user message.</summary>
    [JsonConverter(typeof(ChatMessagesConverter))]
    public IReadOnlyList<ChatRequestMessage>? Messages { get; init; }

    /// <summary>Return each generated token's log probability.</summary>
    public bool? Logprobs { get; init; }

    /// <summary>With logprobs, also the most likely alternatives at each position (0 to 20).</summary>
    public int? TopLogprobs { get; init; }

    /// <summary>Functions the model may call.</summary>
    public IReadOnlyList<ChatTool>? Tools { get; init; }

    /// <summary>"none", "auto" (the default with tools), "required", or {"type":"function","function":{"name":…}}.</summary>
    public JsonElement? ToolChoice { get; init; }

    /// <summary>Whether one answer may call several functions (default true).</summary>
    public bool? ParallelToolCalls { get; init; }

    /// <summary>
    /// ms-swift's images next to the messages: URLs, data: URLs or bare base64. Each <c>&lt;image&gt;</c> tag in the
    /// messages' text takes the next one; the rest go before the first user message's text.
    /// </summary>
    public IReadOnlyList<string>? Images { get; init; }

    /// <summary>Most tokens to generate; takes precedence over max_tokens.</summary>
    public int? MaxCompletionTokens { get; init; }
}
