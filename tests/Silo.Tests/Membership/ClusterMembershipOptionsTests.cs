using Cluster.Silo.Tests.Configuration;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Tests.Membership;

[Collection(ConfigurationCollection.Name)]
public sealed class ClusterMembershipOptionsTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-silo-membership-").FullName;
    private string _model = string.Empty;

    public async Task InitializeAsync()
    {
        _model = Path.Combine(_folder, "any.gguf");
        await File.WriteAllTextAsync(_model, "validation only checks that the file exists");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

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
        await using var app = SiloApp.Build(["--urls=http://127.0.0.1:0", "--model", _model, .. membership]);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        return error.Failures;
    }
}
