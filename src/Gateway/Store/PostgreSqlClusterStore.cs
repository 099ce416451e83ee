using Cluster.Contracts.Membership;
using Cluster.Contracts.Store;
using Cluster.Store;
using Npgsql;

namespace Cluster.Gateway.Store;

/// <summary>The cluster store in PostgreSQL, shared by every gateway; each call is one short statement.</summary>
/// <param name="dataSource">The cluster database; the store owns and disposes it.</param>
/// <param name="clock">The gateway's clock, on which membership records are read.</param>
internal sealed partial class PostgreSqlClusterStore(NpgsqlDataSource dataSource, TimeProvider clock) : IClusterStore, IAsyncDisposable
{
    // Silos that write PostgreSQL themselves use the same table code (Cluster.Store), so both paths store alike.
    private readonly PostgreSqlMembershipStore _membership = new(dataSource, clock);

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public Task InitializeAsync(CancellationToken cancellationToken) => PostgreSqlSchema.MigrateAsync(dataSource, cancellationToken);

    public Task UpsertSiloAsync(SiloHeartbeat heartbeat, CancellationToken cancellationToken) =>
        _membership.UpsertSiloAsync(heartbeat, cancellationToken);

    public Task<IReadOnlyList<SiloRecord>> ListSilosAsync(CancellationToken cancellationToken) =>
        _membership.ListSilosAsync(cancellationToken);

    public Task<bool> SetDrainingAsync(string siloId, bool draining, CancellationToken cancellationToken) =>
        _membership.SetDrainingAsync(siloId, draining, cancellationToken);

    public Task RemoveSiloAsync(string siloId, CancellationToken cancellationToken) =>
        _membership.RemoveSiloAsync(siloId, cancellationToken);
}
