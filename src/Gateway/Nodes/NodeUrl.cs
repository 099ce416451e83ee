namespace Cluster.Gateway.Nodes;

/// <summary>The one spelling of a node's URL: absolute http(s), no query, no trailing slash or /v1 (requests add /v1/… themselves).</summary>
internal static class NodeUrl
{
    /// <summary>The normalised URL, or null when <paramref name="value"/> is not an http(s) base URL.</summary>
    public static string? Normalize(string? value)
    {
        if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return null;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v1", StringComparison.Ordinal))
        {
            path = path[..^3];
        }

        return uri.GetLeftPart(UriPartial.Authority) + path;
    }
}
