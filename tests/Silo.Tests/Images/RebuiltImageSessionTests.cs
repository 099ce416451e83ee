using System.Net;
using System.Text.Json;
using Cluster.Silo.Tests.Fixtures;
using Cluster.Tests.Shared;
using static Cluster.Silo.Tests.Images.VisionChatTests;

namespace Cluster.Silo.Tests.Images;

/// <summary>Image sessions whose KV is gone (their activation collected) rebuilt from the stored history and its kept images.</summary>
[Collection(VisionSiloCollection.Name)]
public sealed class RebuiltImageSessionTests(VisionSiloFixture fixture)
{
    private const string Greedy = """{"model":"vlm","max_tokens":6,"temperature":0,"ignore_eos":true}""";

    [Fact]
    public async Task ChatTurn_SessionRebuiltAfterItsActivationWasCollected_SameAnswerAsTheWholeConversationWithItsImageResent()
    {
        var http = fixture.Silo.Http;
        var image = Image(TestImages.DataUrl(TestImages.Png(64, 64, 34)));
        var id = SessionHttp.NewSessionId("rebuilt-long");
        var first = await http.ChatTurnAsync(id, UserParts(Text("Remember this"), image), Greedy);

        await CollectSessionsAsync();
        var fromHistory = await http.ChatTurnAsync(id, SessionHttp.Messages(("user", "What was it?")), Greedy);
        var whole = JsonSerializer.Serialize(new object[]
        {
            new { role = "user", content = new[] { Text("Remember this"), image } },
            new { role = "assistant", content = first.Content() },
            new { role = "user", content = "What was it?" },
        });
        var resent = await http.ChatTurnAsync(SessionHttp.NewSessionId("resent"), whole, Greedy);

        Assert.Equal(0, fromHistory.Usage("cached_tokens"));
        Assert.Equal(resent.Usage("prompt_tokens"), fromHistory.Usage("prompt_tokens"));
        Assert.Equal(resent.Content(), fromHistory.Content());
    }

    [Fact]
    public async Task ChatInteractive_SessionRebuiltAfterItsActivationWasCollected_SameAnswerAsTheWholeConversationWithItsImageResent()
    {
        var http = fixture.Silo.Http;
        var image = TestImages.DataUrl(TestImages.Png(64, 64, 32));
        var turn = $$"""{"model":"vlm","session_id":"{{SessionHttp.NewSessionId("rebuilt-i")}}","interactive_mode":true,"request_output_len":6,"temperature":0,"ignore_eos":true""";
        var first = await http.InteractiveAsync(turn + $$""","prompt":"Remember this","image_url":"{{image}}"}""");

        await CollectSessionsAsync();
        var fromHistory = await http.InteractiveAsync(turn + ""","prompt":"What was it?"}""");
        var whole = JsonSerializer.Serialize(new object[]
        {
            new { role = "user", content = new[] { Image(image), Text("Remember this") } },
            new { role = "assistant", content = first.GetProperty("text").GetString() },
            new { role = "user", content = "What was it?" },
        });
        var resent = await http.InteractiveAsync($$"""{"model":"vlm","prompt":{{whole}},"request_output_len":6,"temperature":0,"ignore_eos":true}""");

        Assert.Equal(0, fromHistory.GetProperty("history_tokens").GetInt32());
        Assert.Equal(resent.GetProperty("input_tokens").GetInt32(), fromHistory.GetProperty("input_tokens").GetInt32());
        Assert.Equal(resent.GetProperty("text").GetString(), fromHistory.GetProperty("text").GetString());
    }

    [Fact]
    public async Task ChatTurn_SessionImagesOverTheKeptBytes_RebuildRefusedWithSessionImagesLost()
    {
        var http = fixture.Silo.Http;
        var bmp = TestImages.Bmp(800, 800, 33);
        Assert.True(bmp.Length > VisionSiloFixture.StoredImageBytes);
        var id = SessionHttp.NewSessionId("too-many-bytes");
        await http.ChatTurnAsync(id, UserParts(Text("Remember this"), Image("data:image/bmp;base64," + Convert.ToBase64String(bmp))), Greedy);

        await CollectSessionsAsync();
        using var response = await http.ChatAsync(id, SessionHttp.Messages(("user", "What was it?")), Greedy);

        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "messages", "session_images_lost");
        Assert.Equal("This session's earlier images are no longer held here (a conversation keeps its images only up to 1048576 bytes, " +
            "Silo:Sessions:MaxStoredImageBytes); send the whole conversation with its images again, or start a new session.", message);
    }

    // Every idle activation goes, session grains with their runtimes and KV; their state stays in storage.
    private Task CollectSessionsAsync() => fixture.Silo.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
}
