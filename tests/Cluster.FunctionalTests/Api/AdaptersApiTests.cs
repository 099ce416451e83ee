using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Api;

public sealed class AdaptersApiTests
{
    private static readonly string[] Aliases = ["seven-chat"];

    [Fact]
    public async Task AdminAdapters_AddUseRemove_OnEverySiloThroughTheGateway()
    {
        await using var cluster = await RealCluster.StartAsync(2);
        var client = cluster.Gateway.Client;
        var adapter = await DemoModel.AdapterPathAsync();

        using var added = await client.PostAsJsonAsync($"/admin/models/{DemoModel.Id}/adapters", new { name = "seven", path = adapter, aliases = Aliases });
        var models = await client.GetFromJsonAsync<JsonElement>("/v1/models");
        using var byName = await Chat.PostAsync(client, Chat.Body($"{DemoModel.Id}:seven", ("user", "Hi")));
        using var byAlias = await Chat.PostAsync(client, Chat.Body("seven-chat", ("user", "Hi")));
        using var removed = await client.DeleteAsync($"/admin/models/{DemoModel.Id}/adapters/seven");
        using var afterRemoval = await Chat.PostAsync(client, Chat.Body("seven-chat", ("user", "Hi")));
        using var removedAgain = await client.DeleteAsync($"/admin/models/{DemoModel.Id}/adapters/seven");

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(["silo-0:done", "silo-1:done"], (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("silos").EnumerateArray()
            .Select(s => $"{s.GetProperty("silo").GetString()}:{s.GetProperty("status").GetString()!.ToLowerInvariant()}").Order(StringComparer.Ordinal));
        Assert.Equal([$"{DemoModel.Id}::2", $"{DemoModel.Id}:seven:{DemoModel.Id}:2", $"seven-chat:{DemoModel.Id}:2"], models.GetProperty("data").EnumerateArray().Select(m =>
            $"{m.GetProperty("id").GetString()}:{m.GetProperty("parent").GetString()}:{m.GetProperty("replicas").GetInt32()}"));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (byName.StatusCode, byAlias.StatusCode, removed.StatusCode));
        Assert.Equal("model_not_found", (await Chat.ErrorAsync(afterRemoval)).GetProperty("code").GetString());
        Assert.Equal("adapter_not_found", (await Chat.ErrorAsync(removedAgain)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AdminAdapters_ModelFileAsAdapter_400NamingTheFileOnEachSilo()
    {
        await using var cluster = await RealCluster.StartAsync(1);
        var model = await DemoModel.PathAsync();

        using var response = await cluster.Gateway.Client.PostAsJsonAsync($"/admin/models/{DemoModel.Id}/adapters", new { name = "bad", path = model });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            $"silo-0: cannot load LoRA adapter '{model}': not a LoRA adapter (general.type is 'model', adapter.type is 'none'; a LoRA adapter has 'adapter' and 'lora')",
            (await Chat.ErrorAsync(response)).GetProperty("message").GetString());
    }
}
