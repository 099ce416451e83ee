namespace Cluster.Gateway.Requests;

/// <summary>Request size and token-estimate limits (section "Gateway:Limits").</summary>
public sealed record LimitsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Gateway:Limits";

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    public int MaxRequestBodyBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Output tokens assumed for the tokens/min limit when a request sets no max_tokens.</summary>
    public int DefaultMaxTokens { get; init; } = 256;

    /// <summary>Most leading messages hashed for prefix affinity.</summary>
    public int MaxPrefixMessages { get; init; } = 64;
}
