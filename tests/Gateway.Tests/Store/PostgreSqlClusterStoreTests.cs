using Cluster.Contracts.Store;
using Cluster.Gateway.Store;
using Cluster.Grains.Tests.Fixtures;
using Cluster.Store;
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
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgreSqlClusterStore(NpgsqlDataSource.Create(connectionString), TimeProvider.System)).ToList();
        _stores.AddRange(stores);

        await Task.WhenAll(stores.Select(s => s.InitializeAsync(default)));
        await stores[0].InitializeAsync(default);

        await using var command = source.CreateCommand("SELECT count(*), max(version) FROM cluster_schema");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(PostgreSqlSchema.LatestVersion, reader.GetInt64(0));
        Assert.Equal(PostgreSqlSchema.LatestVersion, reader.GetInt32(1));
    }

    [Fact]
    public async Task ListSilos_HeartbeatTenSecondsOldOnDatabaseClock_ReadsTenSecondsOldOnASkewedReaderClock()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var readerClock = new ManualClock();
        var store = await CreateStoreAsync(connectionString, readerClock);
        await store.UpsertSiloAsync(Heartbeat("a"), default);
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using (var age = source.CreateCommand("UPDATE silos SET last_heartbeat = now() - interval '10 seconds'"))
        {
            await age.ExecuteNonQueryAsync();
        }

        var silo = Assert.Single(await store.ListSilosAsync(default));

        // The reader's clock is about 2000 years behind the database's; only the age on the database's clock counts.
        Assert.InRange(readerClock.GetUtcNow() - silo.LastHeartbeat, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(11));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    protected override async Task<IClusterStore> CreateStoreAsync(TimeProvider readerClock) =>
        await CreateStoreAsync(await postgres.CreateDatabaseAsync(), readerClock);

    private async Task<PostgreSqlClusterStore> CreateStoreAsync(string connectionString, TimeProvider readerClock)
    {
        var store = new PostgreSqlClusterStore(NpgsqlDataSource.Create(connectionString), readerClock);
        _stores.Add(store);
        await store.InitializeAsync(default);
        return store;
    }
}
