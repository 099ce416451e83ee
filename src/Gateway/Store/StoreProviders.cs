namespace Cluster.Gateway.Store;

/// <summary>Names of the cluster store implementations.</summary>
public static class StoreProviders
{
    /// <summary>Inside the gateway process; state is lost when it stops.</summary>
    public const string InMemory = "InMemory";

    /// <summary>PostgreSQL through Npgsql, shared by every gateway.</summary>
    public const string PostgreSql = "PostgreSql";
}
