using Cluster.Silo.Tests.Configuration;
using Cluster.Silo.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Tests.Membership;

[Collection(ConfigurationCollection.Name)]
public sealed class ClusterMembershipOptionsTests : IDisposable
{
    private readonly PlaceholderModel _placeholder = new("cluster-silo-membership-");

    private string ModelPath => _placeholder.FilePath;

    public void Dispose() => _placeholder.Dispose();

    [Fact]
    public async Task StartAsync_GatewayUrlAndPostgreSqlBothSet_FailsNamingBoth()
    {
        var failures = await StartFailuresAsync("--Cluster:Membership:GatewayUrl=http://127.0.0.1:8080", "--Cluster:Membership:PostgreSql=Host=db;Database=cluster");

        Assert.Equal(
            ["Cluster:Membership:GatewayUrl and Cluster:Membership:PostgreSql are both set; set only one: GatewayUrl to heartbeat into a gateway (in-memory store), PostgreSql to write heartbeats into the gateways' PostgreSQL store."],
            failures);
    }

    [Theory]
    [InlineData("db.example:5432", "Format of the initialization string does not conform to specification starting at index 0.")]
    [InlineData("Hots=db;Database=cluster", "'hots' is an unknown keyword or has a bad value")]
    [InlineData("Host=db;Port=abc", "'port' is an unknown keyword or has a bad value")]
    [InlineData("Database=cluster;Password=secret", "it names no Host")]
    public async Task StartAsync_PostgreSqlNotAConnectionString_FailsNamingTheSettingWithoutEchoingIt(string connectionString, string problem)
    {
        var failures = await StartFailuresAsync($"--Cluster:Membership:PostgreSql={connectionString}");

        Assert.Equal(
            [$"Cluster:Membership:PostgreSql is not a usable Npgsql connection string ({problem}); set it like the gateways' Gateway:Store:ConnectionString, e.g. 'Host=db;Username=cluster;Password=...;Database=cluster'."],
            failures);
    }

    private async Task<IEnumerable<string>> StartFailuresAsync(params string[] membership)
    {
        await using var app = SiloApp.Build(["--urls=http://127.0.0.1:0", "--model", ModelPath, .. membership]);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        return error.Failures;
    }
}
