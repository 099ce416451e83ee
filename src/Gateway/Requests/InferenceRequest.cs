using System.Buffers;
using System.Text.Json;

namespace Cluster.Gateway.Requests;

/// <summary>What the gateway needs to know about one OpenAI request: parsed once from its buffered body.</summary>
public sealed class InferenceRequest : IDisposable
{
    private readonly JsonDocument? _document;
    private byte[]? _rented;

    /// <summary>A request whose body lies in <paramref name="rented"/> (from the shared pool, returned on dispose) and is parsed in <paramref name="document"/>.</summary>
    internal InferenceRequest(InferenceEndpoint endpoint, ReadOnlyMemory<byte> body, byte[]? rented, JsonDocument? document)
    {
        Endpoint = endpoint;
        Body = body;
        _rented = rented;
        _document = document;
    }

    /// <summary>The API called.</summary>
    public InferenceEndpoint Endpoint { get; }

    /// <summary>The request body as received (or as rewritten by the gateway).</summary>
    public ReadOnlyMemory<byte> Body { get; internal set; }

    /// <summary>The parsed body, or null when there is none.</summary>
    public JsonElement? Json => _document?.RootElement;

    /// <summary>The "model" field, or the default model when the body names none.</summary>
    public string? Model { get; init; }

    /// <summary>True when the client asked for a stream.</summary>
    public bool Stream { get; init; }

    /// <summary>The session grain key (<see cref="Grains.Sessions.SessionKeys"/>: "h:" header or user field, "i:" interactive id), or null for stateless requests.</summary>
    public string? SessionKey { get; internal set; }

    /// <summary>The id of the API key the gateway authenticated when Gateway:Auth:Enabled (sessions are owned under it), else null.</summary>
    public string? Caller { get; internal set; }

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

    /// <summary>Releases the parsed body, then the buffer it was read into.</summary>
    public void Dispose()
    {
        // The document reads the rented buffer: it goes first.
        _document?.Dispose();
        if (Interlocked.Exchange(ref _rented, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
