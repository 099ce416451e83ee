using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Api;

public sealed class ModelsApiTests
{
    [Fact]
    public async Task ListModels_ThreeSilosTwoModels_EachOnceWithReplicas()
    {
        await using var gateway = await GatewayHost.StartAsync();
        await using var a = await StubSilo.StartAsync("a", gateway.Address, "tiny");
        await using var b = await StubSilo.StartAsync("b", gateway.Address, "tiny");
        await using var c = await StubSilo.StartAsync("c", gateway.Address, "other");
        await gateway.WaitForSilosAsync(3);

        var list = await gateway.Client.GetFromJsonAsync<JsonElement>("/v1/models");

        Assert.Equal("list", list.GetProperty("object").GetString());
        Assert.Equal(
            ["other:1:c", "tiny:2:a,b"],
            list.GetProperty("data").EnumerateArray().Select(m =>
                $"{m.GetProperty("id").GetString()}:{m.GetProperty("replicas").GetInt32()}:{string.Join(',', m.GetProperty("silos").EnumerateArray().Select(s => s.GetString()))}"));
    }

    [Fact]
    public async Task GetModel_Unknown_404InOpenAIShape()
    {
        await using var gateway = await GatewayHost.StartAsync();
        using var response = await gateway.Client.GetAsync("/v1/models/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await Chat.ErrorAsync(response);
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }
}
