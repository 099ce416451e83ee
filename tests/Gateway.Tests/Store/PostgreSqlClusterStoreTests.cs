using Cluster.Contracts.Store;
using Cluster.Gateway.Store;
using Cluster.Tests.Fixtures;
using Npgsql;

namespace Cluster.Gateway.Tests.Store;

public sealed class PostgreSqlClusterStoreTests(PostgresServer postgres) : ClusterStoreContract, IClassFixture<PostgresServer>, IAsyncLifetime
{
    private readonly List<PostgreSqlClusterStore> _stores = [];

    [Fact]
    public async Task InitializeAsync_TwiceAndConcurrently_MigratesOnce()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var source = NpgsqlDataSource.Create(connectionString);
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgreSqlClusterStore(NpgsqlDataSource.Create(connectionString))).ToList();
        _stores.AddRange(stores);

        await Task.WhenAll(stores.Select(s => s.InitializeAsync(default)));
        await stores[0].InitializeAsync(default);

        await using var command = source.CreateCommand("SELECT count(*), max(version) FROM cluster_schema");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(PostgreSqlSchema.LatestVersion, reader.GetInt64(0));
        Assert.Equal(PostgreSqlSchema.LatestVersion, reader.GetInt32(1));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    protected override async Task<IClusterStore> CreateStoreAsync()
    {
        var store = new PostgreSqlClusterStore(NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync()));
        _stores.Add(store);
        await store.InitializeAsync(default);
        return store;
    }
}
