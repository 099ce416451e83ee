using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.FunctionalTests.Fixtures;
using Cluster.Tests.Shared;

namespace Cluster.FunctionalTests.Api;

public sealed class ImageRequestTests
{
    [Fact]
    public async Task Chat_TwentyMegabyteBase64ImageThroughGateway_AnsweredWithTheImageTokens()
    {
        var projector = await DemoModel.ProjectorPathAsync();
        await using var cluster = await RealCluster.StartAsync(new ClusterSettings(), 1, null, "--mmproj", projector);
        var bmp = TestImages.Bmp(2580, 2580, 1);
        Assert.InRange(bmp.Length, 19_900_000, 20 * 1024 * 1024);

        var large = await PromptTokensAsync(cluster, bmp);
        var small = await PromptTokensAsync(cluster, TestImages.Bmp(16, 16, 2));

        // The projector resizes every image to 64×64 pixels: 64 tokens whatever the file's size.
        Assert.Equal(small, large);
    }

    private static async Task<int> PromptTokensAsync(RealCluster cluster, byte[] bmp)
    {
        var body = new JsonObject
        {
            ["model"] = DemoModel.Id,
            ["max_tokens"] = 1,
            ["messages"] = new JsonArray(new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonArray(
                    new JsonObject { ["type"] = "text", ["text"] = "Describe" },
                    new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "data:image/bmp;base64," + Convert.ToBase64String(bmp) } }),
            }),
        };

        using var response = await Chat.PostAsync(cluster.Gateway.Client, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var usage = answer.RootElement.GetProperty("usage");
        Assert.Equal(1, usage.GetProperty("completion_tokens").GetInt32());
        return usage.GetProperty("prompt_tokens").GetInt32();
    }
}
