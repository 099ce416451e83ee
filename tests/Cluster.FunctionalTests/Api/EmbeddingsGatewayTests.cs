using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.FunctionalTests.Fixtures;
using OpenAI;
using OpenAI.Embeddings;

namespace Cluster.FunctionalTests.Api;

/// <summary>/v1/embeddings through the gateway: one real silo serving the demo chat model and the demo embedding model.</summary>
public sealed class EmbeddingsGatewayTests
{
    [Fact]
    public async Task OpenAISdk_EmbeddingsThroughGatewayWithKey_UnitVectorsAndUsageCountedToTheKey()
    {
        await using var cluster = await StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Auth:Enabled"] = "true",
            ["Gateway:Auth:AdminKey"] = "admin-secret",
        });
        using var admin = new HttpClient { BaseAddress = cluster.Gateway.Address };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "admin-secret");
        using var created = await admin.PostAsJsonAsync("/admin/keys", new { name = "embedder", requests_per_minute = 0, tokens_per_minute = 0 });
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var client = new EmbeddingClient(DemoModel.EmbeddingId, new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(cluster.Gateway.Address, "/v1") });

        OpenAIEmbeddingCollection result = await client.GenerateEmbeddingsAsync(["first text", "second text"]);

        Assert.Equal(2, result.Count);
        Assert.All(result, embedding => Assert.Equal(64, embedding.ToFloats().Length));
        Assert.All(result, embedding => Assert.InRange(Norm(embedding.ToFloats().ToArray()), 1 - 1e-6, 1 + 1e-6));
        var listed = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/admin/keys")).EnumerateArray());
        Assert.Equal(1, listed.GetProperty("requests").GetInt64());
        Assert.Equal(result.Usage.InputTokenCount, listed.GetProperty("prompt_tokens").GetInt64());
        Assert.Equal(0, listed.GetProperty("completion_tokens").GetInt64());
    }

    [Fact]
    public async Task NodeOpenAIPackage_EmbeddingsThroughGateway_Base64FloatAndOneByOneAgree()
    {
        await using var cluster = await StartAsync();

        var result = await NodeScript.RunAsync(cluster.Gateway.Address, "embeddings.mjs", DemoModel.EmbeddingId);

        var base64 = Vectors(result.GetProperty("base64"));
        var floats = Vectors(result.GetProperty("floats"));
        var oneByOne = Vectors(result.GetProperty("oneByOne"));
        Assert.Equal(3, base64.Length);
        for (var i = 0; i < base64.Length; i++)
        {
            Assert.Equal(64, base64[i].Length);
            Assert.Equal(floats[i], base64[i]);
            Assert.InRange(Norm(base64[i]), 1 - 1e-6, 1 + 1e-6);
            Assert.All(base64[i].Zip(oneByOne[i]), pair => Assert.InRange(Math.Abs(pair.First - pair.Second), 0, 1e-6));
        }

        Assert.Equal(result.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), result.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        var wrongModel = result.GetProperty("wrongModel");
        Assert.Equal((400, "model_not_supported", "model"), (wrongModel.GetProperty("status").GetInt32(), wrongModel.GetProperty("code").GetString(), wrongModel.GetProperty("param").GetString()));
    }

    [Fact]
    public async Task Embeddings_ChatModelThroughGateway_400()
    {
        await using var cluster = await StartAsync();
        using var response = await cluster.Gateway.Client.PostAsJsonAsync("/v1/embeddings", new { model = DemoModel.Id, input = "hi" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal(("model", "model_not_supported"), (error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
    }

    private static async Task<RealCluster> StartAsync(IDictionary<string, string?>? gatewaySettings = null) =>
        await RealCluster.StartAsync(new ClusterSettings(), 1, gatewaySettings, $"--Silo:Models:1:Path={await DemoModel.EmbeddingPathAsync()}");

    private static float[][] Vectors(JsonElement list) =>
        [.. list.EnumerateArray().Select(vector => vector.EnumerateArray().Select(value => value.GetSingle()).ToArray())];

    private static double Norm(float[] vector) => Math.Sqrt(vector.Sum(value => (double)value * value));
}
