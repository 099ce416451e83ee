using System.Text.Json.Nodes;

namespace Cluster.Gateway.Requests;

/// <summary>Rewrites one field of a request body (rare: a moved session's history, a gateway-assigned session id).</summary>
internal static class RequestBodyRewriter
{
    /// <summary>The body with <paramref name="field"/> set to <paramref name="value"/>.</summary>
    public static byte[] With(ReadOnlyMemory<byte> body, string field, JsonNode value)
    {
        var root = JsonNode.Parse(body.Span)!.AsObject();
        root[field] = value;
        return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString());
    }
}
