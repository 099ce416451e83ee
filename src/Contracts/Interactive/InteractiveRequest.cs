using System.Text.Json;
using Cluster.Contracts.OpenAI;

namespace Cluster.Contracts.Interactive;

/// <summary>POST /v1/chat/interactive (LMDeploy's interactive API); sampling, stop and stream come from the shared body.</summary>
public sealed record InteractiveRequest : GenerationRequestBody
{
    /// <summary>A string (one user message) or a list of chat messages; empty with interactive_mode false ends the session.</summary>
    public JsonElement? Prompt { get; init; }

    /// <summary>The session; -1 (the default) lets the server assign one and return it.</summary>
    public InteractiveSessionId? SessionId { get; init; }

    /// <summary>True keeps the conversation (history and KV) on the server; false runs a one-off turn.</summary>
    public bool? InteractiveMode { get; init; }

    /// <summary>Cancels the session's running turn instead of starting one.</summary>
    public bool? Cancel { get; init; }

    /// <summary>
    /// LMDeploy's images for a vision model: one URL or a list of them (http(s), data: or bare base64), put before the text
    /// of the turn's first user message unless <c>&lt;image&gt;</c> tags place them.
    /// </summary>
    public JsonElement? ImageUrl { get; init; }

    /// <summary>ms-swift's images next to the prompt, placed as <see cref="ChatCompletionRequest.Images"/> are.</summary>
    public IReadOnlyList<string>? Images { get; init; }

    /// <summary>Most tokens to generate; takes precedence over max_tokens.</summary>
    public int? RequestOutputLen { get; init; }
}
