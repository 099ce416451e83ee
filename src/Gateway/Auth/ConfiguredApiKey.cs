namespace Cluster.Gateway.Auth;

/// <summary>An API key given in configuration ("Gateway:Auth:Keys:N").</summary>
public sealed record ConfiguredApiKey
{
    /// <summary>Id usage is counted under; defaults to the name.</summary>
    public string? Id { get; init; }

    /// <summary>What the key is for.</summary>
    public string Name { get; init; } = "configured";

    /// <summary>The key in clear (hashed at start); prefer <see cref="KeyHash"/>.</summary>
    public string? Key { get; init; }

    /// <summary>Lowercase hex SHA-256 of the key.</summary>
    public string? KeyHash { get; init; }

    /// <summary>Most requests per minute; 0 = unlimited.</summary>
    public int RequestsPerMinute { get; init; }

    /// <summary>Most tokens per minute; 0 = unlimited.</summary>
    public int TokensPerMinute { get; init; }
}
