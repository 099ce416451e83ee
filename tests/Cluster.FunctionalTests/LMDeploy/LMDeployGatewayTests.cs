using System.Net;
using System.Text;
using System.Text.Json;
using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.LMDeploy;

/// <summary>LMDeploy's APIClient against the gateway, with the bodies it builds (see Silo.Tests' LMDeployClientTests): no model, nulls, "kwargs".</summary>
public sealed class LMDeployGatewayTests
{
    [Fact]
    public async Task ApiClientCalls_NoModelNamed_RoutedToTheOnlyModel()
    {
        await using var cluster = await RealCluster.StartAsync(1);
        var client = cluster.Gateway.Client;

        using var interactive = await PostAsync(client, "/v1/chat/interactive",
            """{"prompt": "Hello", "session_id": -1, "interactive_mode": false, "stream": false, "stop": null, "request_output_len": 3, "top_p": 0.8, "top_k": 40, "temperature": 0.8, "repetition_penalty": 1.0, "ignore_eos": true, "kwargs": {}}""");
        using var encode = await PostAsync(client, "/v1/encode", """{"input": ["Hello", "Hello"], "do_preprocess": false, "add_bos": true}""");
        using var chat = await PostAsync(client, "/v1/chat/completions",
            """{"messages": "Hello", "temperature": 0.7, "top_p": 1.0, "n": 1, "max_tokens": 2, "stop": null, "stream": false, "presence_penalty": 0.0, "frequency_penalty": 0.0, "user": null, "repetition_penalty": 1.0, "session_id": -1, "ignore_eos": true, "kwargs": {}}""");

        Assert.Equal(HttpStatusCode.OK, interactive.StatusCode);
        Assert.Equal(3, (await ReadAsync(interactive)).GetProperty("tokens").GetInt32());
        Assert.Equal(HttpStatusCode.OK, encode.StatusCode);
        var ids = (await ReadAsync(encode)).GetProperty("input_ids");
        Assert.Equal(ids[0].GetRawText(), ids[1].GetRawText());
        Assert.Equal(128000, ids[0][0].GetInt32());
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(DemoModel.Id, (await ReadAsync(chat)).GetProperty("model").GetString());
    }

    [Fact]
    public async Task Chat_NoModelWithConfiguredDefault_UsesTheDefault()
    {
        await using var cluster = await RealCluster.StartAsync(1, new Dictionary<string, string?> { ["Gateway:Routing:DefaultModel"] = "not-served" });

        using var response = await PostAsync(cluster.Gateway.Client, "/v1/chat/completions", """{"messages": [{"role": "user", "content": "Hi"}]}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await Chat.ErrorAsync(response);
        Assert.Equal("The model 'not-served' does not exist or no live silo serves it.", error.GetProperty("message").GetString());
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
