using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Api;

public sealed class ModelsApiTests
{
    [Fact]
    public async Task ListModels_TwoSilosOneModel_ListedOnceWithBothReplicas()
    {
        await using var cluster = await RealCluster.StartAsync(2);

        var list = await cluster.Gateway.Client.GetFromJsonAsync<JsonElement>("/v1/models");

        Assert.Equal("list", list.GetProperty("object").GetString());
        Assert.Equal(
            [$"{DemoModel.Id}:2:silo-0,silo-1"],
            list.GetProperty("data").EnumerateArray().Select(m =>
                $"{m.GetProperty("id").GetString()}:{m.GetProperty("replicas").GetInt32()}:{string.Join(',', m.GetProperty("silos").EnumerateArray().Select(s => s.GetString()))}"));
        Assert.Equal(["silo-0:[]:none:CPU", "silo-1:[]:none:CPU"], list.GetProperty("data")[0].GetProperty("placements").EnumerateArray().Select(p =>
            $"{p.GetProperty("silo").GetString()}:{p.GetProperty("gpus").GetRawText()}:{p.GetProperty("split_mode").GetString()}:{p.GetProperty("device").GetString()}"));
        Assert.Equal("[\"chat\"]", list.GetProperty("data")[0].GetProperty("capabilities").GetRawText());
    }

    [Fact]
    public async Task ListModels_OneSiloTwoReplicas_ListedOnceWithTwoPlacementsAndNodesShowEachReplica()
    {
        await using var cluster = await RealCluster.StartAsync(new ClusterSettings(), 1, null, "--replicas=2", "--Silo:Models:0:GpuLayers=0");

        var list = await cluster.Gateway.Client.GetFromJsonAsync<JsonElement>("/v1/models");
        var nodes = await cluster.Gateway.Client.GetFromJsonAsync<JsonElement>("/admin/nodes");

        var model = list.GetProperty("data").EnumerateArray().Single();
        Assert.Equal((DemoModel.Id, 2, "silo-0"), (model.GetProperty("id").GetString(), model.GetProperty("replicas").GetInt32(),
            string.Join(',', model.GetProperty("silos").EnumerateArray().Select(s => s.GetString()))));
        Assert.Equal(["silo-0:[]", "silo-0:[]"], model.GetProperty("placements").EnumerateArray().Select(p => $"{p.GetProperty("silo").GetString()}:{p.GetProperty("gpus").GetRawText()}"));
        var replicas = nodes[0].GetProperty("models")[0].GetProperty("replicas");
        Assert.Equal(["0:ready", "1:ready"], replicas.EnumerateArray().Select(r => $"{r.GetProperty("index").GetInt32()}:{r.GetProperty("status").GetString()!.ToLowerInvariant()}"));
    }

    [Fact]
    public async Task GetModel_Unknown_404InOpenAIShape()
    {
        await using var gateway = await GatewayHost.StartWithoutSilosAsync();
        using var response = await gateway.Client.GetAsync("/v1/models/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await Chat.ErrorAsync(response);
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }
}
