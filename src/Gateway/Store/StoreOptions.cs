namespace Cluster.Gateway.Store;

/// <summary>Which cluster store the gateway uses (section "Gateway:Store").</summary>
public sealed record StoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Gateway:Store";

    /// <summary>"InMemory" (one gateway; the local default) or "PostgreSql" (many gateways).</summary>
    public string Provider { get; init; } = StoreProviders.InMemory;

    /// <summary>Npgsql connection string, required for "PostgreSql".</summary>
    public string? ConnectionString { get; init; }
}
