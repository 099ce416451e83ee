using System.Buffers;
using System.Text.Json;
using Cluster.Gateway.Routing;
using Cluster.Grains.Sessions;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Requests;

/// <summary>Buffers a request body within the size limit and reads the fields routing needs.</summary>
internal sealed class InferenceRequestReader(IOptions<LimitsOptions> limits, IOptions<RoutingOptions> routing, DefaultModel defaultModel)
{
    /// <summary>The parsed request, or why there is none (with the offending parameter, if any).</summary>
    public async Task<(InferenceRequest? Request, RequestReadError Error, string? Detail)> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var endpoint = Classify(context.Request);
        if (endpoint == InferenceEndpoint.Other && context.Request.ContentLength is null or 0 && context.Request.Headers.TransferEncoding.Count == 0)
        {
            return (new InferenceRequest(endpoint, ReadOnlyMemory<byte>.Empty, null, null), RequestReadError.None, null);
        }

        var (rented, length) = await ReadBodyAsync(context.Request, limits.Value.MaxRequestBodyBytes, cancellationToken);
        if (rented is null)
        {
            return (null, RequestReadError.TooLarge, null);
        }

        var body = rented.AsMemory(0, length);
        if (endpoint == InferenceEndpoint.Other)
        {
            return (new InferenceRequest(endpoint, body, rented, null), RequestReadError.None, null);
        }

        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(body);
            var (request, error, detail) = Parse(endpoint, body, rented, document, context.Request.Headers["X-Session-Id"]);
            if (request is not null)
            {
                // The request owns the document and the buffer from here on.
                document = null;
                rented = null;
            }

            return (request, error, detail);
        }
        catch (JsonException)
        {
            return (null, RequestReadError.MalformedJson, null);
        }
        finally
        {
            document?.Dispose();
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private (InferenceRequest?, RequestReadError, string?) Parse(InferenceEndpoint endpoint, ReadOnlyMemory<byte> body, byte[] rented, JsonDocument document, string? sessionHeader)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, RequestReadError.MalformedJson, null);
        }

        var (model, modelError, choices) = ModelOf(root);
        if (modelError != RequestReadError.None)
        {
            return (null, modelError, choices);
        }

        var stream = root.TryGetProperty("stream", out var streamElement) && streamElement.ValueKind == JsonValueKind.True;
        var (sessionKey, source, needsId, endsSession) = SessionOf(endpoint, root, sessionHeader);
        ulong[] prefixes = [];
        if (endpoint == InferenceEndpoint.ChatCompletions)
        {
            // LMDeploy's client may send the conversation as one string: one user message, no prefix worth remembering.
            if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind is not (JsonValueKind.Array or JsonValueKind.String))
            {
                return (null, RequestReadError.InvalidField, "messages");
            }

            prefixes = messages.ValueKind == JsonValueKind.Array ? PrefixHasher.Hash(messages, limits.Value.MaxPrefixMessages) : [];
        }

        var named = root.TryGetProperty("model", out var sent) && sent.ValueKind == JsonValueKind.String && sent.GetString()!.Length > 0;
        var request = new InferenceRequest(endpoint, body, rented, document)
        {
            Model = model,
            Stream = stream,
            PrefixHashes = prefixes,
            EstimatedTokens = (body.Length / 4) + (endpoint is InferenceEndpoint.Embeddings or InferenceEndpoint.Encode ? 0 : MaxOutputTokens(root)),
            NeedsInteractiveSessionId = needsId,
            EndsSession = endsSession,
        };
        request.SessionKey = sessionKey;
        request.SessionKeySource = source;
        if (!named && model is not null)
        {
            // The silo must see the model the gateway routed for.
            request.Body = RequestBodyRewriter.With(body, "model", model);
        }

        return (request, RequestReadError.None, null);
    }

    /// <summary>The model named in the body, else the default one; a body naming none while the cluster serves several is refused with their names.</summary>
    private (string? Model, RequestReadError Error, string? Detail) ModelOf(JsonElement root)
    {
        if (root.TryGetProperty("model", out var model) && model.ValueKind is not (JsonValueKind.Null or JsonValueKind.String))
        {
            return (null, RequestReadError.InvalidField, "model");
        }

        if (model.ValueKind == JsonValueKind.String && model.GetString() is { Length: > 0 } named)
        {
            return (named, RequestReadError.None, null);
        }

        if (defaultModel.Resolve(out var choices) is { } resolved)
        {
            return (resolved, RequestReadError.None, null);
        }

        // No silo serves any model: routing answers 503.
        return choices.Count == 0 ? (null, RequestReadError.None, null) : (null, RequestReadError.MissingModel, string.Join(", ", choices));
    }

    private (string? Key, SessionKeySource Source, bool NeedsId, bool EndsSession) SessionOf(InferenceEndpoint endpoint, JsonElement root, string? header)
    {
        if (!string.IsNullOrEmpty(header))
        {
            return (SessionKeys.ForHeader(header), SessionKeySource.Header, false, false);
        }

        if (endpoint == InferenceEndpoint.Interactive && root.TryGetProperty("session_id", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var sessionId))
        {
            var interactive = !root.TryGetProperty("interactive_mode", out var mode) || mode.ValueKind != JsonValueKind.False;
            var emptyPrompt = !root.TryGetProperty("prompt", out var prompt) || prompt.ValueKind == JsonValueKind.Null
                || (prompt.ValueKind == JsonValueKind.String && prompt.GetString()!.Length == 0)
                || (prompt.ValueKind == JsonValueKind.Array && prompt.GetArrayLength() == 0);
            if (sessionId < 0)
            {
                return (null, SessionKeySource.None, interactive, false);
            }

            return (SessionKeys.ForInteractive(sessionId.ToString(System.Globalization.CultureInfo.InvariantCulture)), SessionKeySource.InteractiveId, false, !interactive && emptyPrompt);
        }

        if (routing.Value.SessionFromUser && root.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.String && user.GetString() is { Length: > 0 } name)
        {
            // Sent on to the silo as X-Session-Id, so the key is the header's.
            return (SessionKeys.ForHeader(name), SessionKeySource.User, false, false);
        }

        return (null, SessionKeySource.None, false, false);
    }

    // Every choice (n) may generate that many.
    private int MaxOutputTokens(JsonElement root)
    {
        var choices = root.TryGetProperty("n", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var count) && count > 1 ? count : 1;
        foreach (var name in (ReadOnlySpan<string>)["max_completion_tokens", "max_tokens", "request_output_len"])
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var tokens) && tokens > 0)
            {
                return (int)Math.Min(int.MaxValue / 2, (long)tokens * choices);
            }
        }

        return limits.Value.DefaultMaxTokens * Math.Min(choices, 1024);
    }

    private static InferenceEndpoint Classify(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return InferenceEndpoint.Other;
        }

        return request.Path.Value switch
        {
            "/v1/chat/completions" => InferenceEndpoint.ChatCompletions,
            "/v1/completions" => InferenceEndpoint.Completions,
            "/v1/chat/interactive" => InferenceEndpoint.Interactive,
            "/v1/encode" => InferenceEndpoint.Encode,
            "/v1/embeddings" => InferenceEndpoint.Embeddings,
            _ => InferenceEndpoint.Other,
        };
    }

    /// <summary>The body in a buffer rented from the shared pool (the caller returns it), or null when it exceeds <paramref name="limit"/>.</summary>
    private static async Task<(byte[]? Rented, int Length)> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return (null, 0);
        }

        byte[]? buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1L, request.ContentLength + 1 ?? 16 * 1024));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length > limit)
                    {
                        return (null, 0);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1L, buffer.Length * 2L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    var body = buffer;
                    buffer = null;
                    return (body, length);
                }

                length += read;
                if (length > limit)
                {
                    return (null, 0);
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
