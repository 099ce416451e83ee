using System.Net.Http.Json;
using System.Text.Json;
using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Routing;

public sealed class HealthCheckTests
{
    [Fact]
    public async Task ActiveProbe_SiloNotReady_MarkedUnhealthyAndSkipped()
    {
        await using var cluster = await StubCluster.StartAsync(2, new Dictionary<string, string?> { ["Gateway:Membership:HealthCheckInterval"] = "00:00:00.100" });
        cluster.Silos[0].Ready = false;

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await Healthy(cluster, "silo-0"))
        {
            Assert.True(DateTime.UtcNow < deadline, "silo-0 was never marked unhealthy");
            await Task.Delay(50);
        }

        for (var i = 0; i < 4; i++)
        {
            using var response = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body("tiny", ("user", $"q{i}")));
            Assert.Equal("silo-1", Chat.Where(response).Silo);
        }
    }

    private static async Task<bool> Healthy(StubCluster cluster, string id)
    {
        var nodes = await cluster.Gateway.Client.GetFromJsonAsync<JsonElement>("/admin/nodes");
        return nodes.EnumerateArray().Single(n => n.GetProperty("id").GetString() == id).GetProperty("healthy").GetBoolean();
    }
}
