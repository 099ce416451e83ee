using System.Text.Json;

namespace Cluster.Gateway.Requests;

/// <summary>What the gateway needs to know about one OpenAI request: parsed once from its buffered body.</summary>
public sealed class InferenceRequest : IDisposable
{
    private readonly JsonDocument? _document;

    internal InferenceRequest(InferenceEndpoint endpoint, byte[] body, JsonDocument? document)
    {
        Endpoint = endpoint;
        Body = body;
        _document = document;
    }

    /// <summary>The API called.</summary>
    public InferenceEndpoint Endpoint { get; }

    /// <summary>The request body as received (or as rewritten by the gateway).</summary>
    public byte[] Body { get; internal set; }

    /// <summary>The parsed body, or null when there is none.</summary>
    public JsonElement? Json => _document?.RootElement;

    /// <summary>The "model" field.</summary>
    public string? Model { get; init; }

    /// <summary>True when the client asked for a stream.</summary>
    public bool Stream { get; init; }

    /// <summary>The session key ("h:" header, "i:" interactive id, "u:" user), or null for stateless requests.</summary>
    public string? SessionKey { get; internal set; }

    /// <summary>Where the session key came from.</summary>
    public SessionKeySource SessionKeySource { get; internal set; }

    /// <summary>Chained hashes of the leading chat messages: element i covers messages 0..i.</summary>
    public IReadOnlyList<ulong> PrefixHashes { get; init; } = [];

    /// <summary>Tokens charged against the key's tokens/min limit: prompt estimate plus the most output asked for.</summary>
    public int EstimatedTokens { get; init; }

    /// <summary>True for an interactive request with session_id -1 that keeps history: the gateway assigns the id.</summary>
    public bool NeedsInteractiveSessionId { get; init; }

    /// <summary>True for an interactive request that ends its session (interactive_mode false, empty prompt).</summary>
    public bool EndsSession { get; init; }

    /// <summary>The chat messages, when the request has them.</summary>
    public JsonElement? Messages => Json is { } root && root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array ? messages : null;

    /// <summary>Releases the parsed body.</summary>
    public void Dispose() => _document?.Dispose();
}
