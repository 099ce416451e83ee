using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.FunctionalTests.Fixtures;
using Cluster.Tests.Fixtures;
using Npgsql;

namespace Cluster.FunctionalTests.Store;

/// <summary>Silos that write their heartbeats into PostgreSQL themselves, with no gateway URL: no gateway carries membership.</summary>
public sealed class PostgreSqlMembershipTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    // GatewayHost's Gateway:Membership:HeartbeatTimeout, plus its refresh period and room for a slow 2-core machine.
    private static readonly TimeSpan DropDeadline = TimeSpan.FromSeconds(1.5) + TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task SilosHeartbeatIntoPostgreSql_GatewayServesBoth_DropsTheKilledOne_StoppedOneRemovesItself()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var cluster = await RealCluster.StartOnPostgreSqlAsync(2, database);
        var http = cluster.Gateway.Client;

        Assert.Equal([$"{DemoModel.Id}:2:silo-0,silo-1"], await ModelsAsync(http));
        using (var response = await Chat.PostAsync(http, Body()))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(Chat.Where(response).Silo, (string[])["silo-0", "silo-1"]);
        }

        cluster["silo-0"].Kill();
        await cluster.Gateway.WaitForSilosAsync(1, DropDeadline);

        Assert.Equal([$"{DemoModel.Id}:1:silo-1"], await ModelsAsync(http));
        for (var i = 0; i < 3; i++)
        {
            using var response = await Chat.PostAsync(http, Body());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("silo-1", Chat.Where(response).Silo);
        }

        // A killed silo's row stays until an operator removes it (the gateway judges it by age); a stopped one deletes its own.
        await cluster["silo-1"].StopAsync();
        Assert.Equal(["silo-0"], await StoredSiloIdsAsync(database));
    }

    private static async Task<List<string>> ModelsAsync(HttpClient http)
    {
        var list = await http.GetFromJsonAsync<JsonElement>("/v1/models");
        return [.. list.GetProperty("data").EnumerateArray().Select(m =>
            $"{m.GetProperty("id").GetString()}:{m.GetProperty("replicas").GetInt32()}:{string.Join(',', m.GetProperty("silos").EnumerateArray().Select(s => s.GetString()))}")];
    }

    private static async Task<List<string>> StoredSiloIdsAsync(string database)
    {
        await using var source = NpgsqlDataSource.Create(database);
        await using var command = source.CreateCommand("SELECT silo_id FROM silos ORDER BY silo_id");
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static System.Text.Json.Nodes.JsonObject Body()
    {
        var body = Chat.Body(DemoModel.Id, ("user", "Hello from PostgreSQL membership."));
        body["max_tokens"] = 4;
        body["temperature"] = 0;
        return body;
    }
}
