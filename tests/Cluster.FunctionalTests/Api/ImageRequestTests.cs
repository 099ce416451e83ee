using System.Net;
using System.Net.Http.Json;
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

    [Fact]
    public async Task Interactive_SessionTurnWithImageThroughGateway_SecondTurnHistoryHoldsTheImage()
    {
        var projector = await DemoModel.ProjectorPathAsync();
        await using var cluster = await RealCluster.StartAsync(new ClusterSettings(), 1, null, "--mmproj", projector);
        var bmp = TestImages.Bmp(800, 800, 3); // 1.9 MB: over the gateway's old 1 MB body limit
        var first = await InteractiveAsync(cluster, new JsonObject
        {
            ["prompt"] = "Remember this", ["image_url"] = "data:image/bmp;base64," + Convert.ToBase64String(bmp),
            ["session_id"] = -1, ["interactive_mode"] = true, ["request_output_len"] = 4, ["temperature"] = 0, ["ignore_eos"] = true,
        });
        var id = first.GetProperty("session_id").GetInt64();

        var second = await InteractiveAsync(cluster, new JsonObject
        {
            ["prompt"] = "What was it?", ["session_id"] = id, ["interactive_mode"] = true, ["request_output_len"] = 4, ["temperature"] = 0, ["ignore_eos"] = true,
        });
        var textOnly = await InteractiveAsync(cluster, new JsonObject { ["prompt"] = "Remember this", ["request_output_len"] = 1 });

        // The image goes before the text: its 64 tokens and the "\n" after it; then the answer's 4 tokens and the <|eot_id|> closing it.
        Assert.Equal(textOnly.GetProperty("input_tokens").GetInt32() + 64 + 1, first.GetProperty("input_tokens").GetInt32());
        Assert.Equal(first.GetProperty("input_tokens").GetInt32() + 4 + 1, second.GetProperty("history_tokens").GetInt32());
        Assert.Equal(id, second.GetProperty("session_id").GetInt64());
    }

    private static async Task<JsonElement> InteractiveAsync(RealCluster cluster, JsonObject body)
    {
        using var response = await cluster.Gateway.Client.PostAsync("/v1/chat/interactive", JsonContent.Create(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
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
