namespace Cluster.Gateway.Auth;

/// <summary>API keys and the admin key (section "Gateway:Auth").</summary>
public sealed record AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Gateway:Auth";

    /// <summary>Require a Bearer API key on /v1 (off by default for the local cluster).</summary>
    public bool Enabled { get; init; }

    /// <summary>Keys from configuration, in addition to those added through /admin/keys (kept in the cluster).</summary>
    public IReadOnlyList<ConfiguredApiKey>? Keys { get; init; }

    /// <summary>The admin key in clear; required (or its hash) whenever API keys are used; with no keys at all, leaving it unset opens /admin to loopback callers only.</summary>
    public string? AdminKey { get; init; }

    /// <summary>Lowercase hex SHA-256 of the admin key.</summary>
    public string? AdminKeyHash { get; init; }

    /// <summary>Requests per minute when auth is off (the anonymous caller); 0 = unlimited.</summary>
    public int AnonymousRequestsPerMinute { get; init; }

    /// <summary>Tokens per minute when auth is off; 0 = unlimited.</summary>
    public int AnonymousTokensPerMinute { get; init; }

    /// <summary>How long a key looked up in the cluster is remembered.</summary>
    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromSeconds(5);
}
