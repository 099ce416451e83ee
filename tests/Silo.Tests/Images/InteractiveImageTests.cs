using System.Net;
using System.Text.Json;
using Cluster.Silo.Tests.Fixtures;
using Cluster.Tests.Shared;
using static Cluster.Silo.Tests.Images.VisionChatTests;

namespace Cluster.Silo.Tests.Images;

[Collection(VisionSiloCollection.Name)]
public sealed class InteractiveImageTests(VisionSiloFixture fixture)
{
    private const string Marker = "<__media__>";
    private const string Greedy = "\"request_output_len\":6,\"temperature\":0,\"ignore_eos\":true";

    [Fact]
    public async Task ChatInteractive_PromptMessagesWithImagePart_SameAnswerAsChatCompletions()
    {
        var png = TestImages.Png(64, 64, 21);
        var messages = UserParts(Text("What is this?"), Image(TestImages.DataUrl(png)));

        var answer = await InteractiveAsync($$"""{"prompt":{{messages}},{{Greedy}}}""");
        var chat = await ChatAsync(messages);

        Assert.Equal(fixture.PromptTokens($"What is this?\n{Marker}", png), answer.GetProperty("input_tokens").GetInt32());
        Assert.Equal(chat.Content(), answer.GetProperty("text").GetString());
        Assert.Equal(6, answer.GetProperty("tokens").GetInt32());
    }

    [Fact]
    public async Task ChatInteractive_LMDeployImageUrlFieldWithStringPrompt_ImageGoesBeforeTheText()
    {
        var png = TestImages.Png(64, 64, 22);

        var answer = await InteractiveAsync($$"""{"prompt":"Look","image_url":"{{TestImages.DataUrl(png)}}",{{Greedy}}}""");
        var chat = await ChatAsync(UserParts(Image(TestImages.DataUrl(png)), Text("Look")));

        Assert.Equal(fixture.PromptTokens($"{Marker}\nLook", png), answer.GetProperty("input_tokens").GetInt32());
        Assert.Equal(chat.Content(), answer.GetProperty("text").GetString());
    }

    [Fact]
    public async Task ChatInteractive_ImageUrlListAndSwiftImages_EveryImageEncoded()
    {
        var first = TestImages.Png(70, 50, 23);
        var second = TestImages.Png(64, 64, 24);

        var answer = await InteractiveAsync(
            $$"""{"prompt":"Compare","image_url":["{{fixture.Images.Url("/png/23.png")}}"],"images":["{{Convert.ToBase64String(second)}}"],{{Greedy}}}""");

        Assert.Equal(fixture.PromptTokens($"{Marker}\n{Marker}\nCompare", first, second), answer.GetProperty("input_tokens").GetInt32());
    }

    [Fact]
    public async Task ChatInteractive_SessionSecondTurn_HistoryHoldsTheImageTokens()
    {
        var id = SessionHttp.NewSessionId("vision-interactive");
        var png = TestImages.Png(64, 64, 25);
        var turn = $$"""{"session_id":"{{id}}","interactive_mode":true,{{Greedy}}""";

        var first = await InteractiveAsync(turn + $$""","prompt":"Remember this","image_url":"{{TestImages.DataUrl(png)}}"}""");
        var second = await InteractiveAsync(turn + ""","prompt":"What was it?"}""");

        // The first turn's prompt (64 of its tokens are the image), its 6 answer tokens and the <|eot_id|> closing it.
        Assert.Equal(fixture.PromptTokens($"{Marker}\nRemember this", png), first.GetProperty("input_tokens").GetInt32());
        Assert.Equal(0, first.GetProperty("history_tokens").GetInt32());
        Assert.Equal(first.GetProperty("input_tokens").GetInt32() + 6 + 1, second.GetProperty("history_tokens").GetInt32());
        Assert.Equal(6, second.GetProperty("tokens").GetInt32());
    }

    [Fact]
    public async Task ChatInteractive_ImageToTextOnlyModel_400NamingTheModel()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/interactive",
            $$"""{"model":"{{VisionSiloFixture.TextModel}}","prompt":"Hi","image_url":"{{TestImages.DataUrl(TestImages.Png(16, 16, 1))}}"}""");

        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "prompt", "image_content_not_supported");
        Assert.Equal("The model 'text' does not take images (it has no vision projector); send text only, or use a model configured with Silo:Models:N:Projector.", message);
    }

    [Fact]
    public async Task ChatInteractive_UndecodableImageInSessionTurn_400InvalidImage()
    {
        var notAnImage = "data:image/png;base64," + Convert.ToBase64String("plain text"u8.ToArray());

        using var response = await PostAsync($$"""{"session_id":"{{SessionHttp.NewSessionId("bad-image")}}","interactive_mode":true,"prompt":"Hi","image_url":"{{notAnImage}}"}""");

        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "prompt", "invalid_image");
        Assert.Equal("image 1 could not be decoded; send a JPEG, PNG, GIF, BMP, TGA, PSD, HDR or PNM image.", message);
    }

    [Fact]
    public async Task ChatInteractive_ImageOverTwentyMebibytes_413NamingImageUrl()
    {
        var bmp = TestImages.Bmp(2700, 2700, 3);

        using var response = await PostAsync($$"""{"prompt":"Hi","image_url":["data:image/bmp;base64,{{Convert.ToBase64String(bmp)}}"]}""");

        var message = await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "image_url[0]", "image_too_large");
        Assert.Equal("The image at image_url[0] is larger than 20971520 bytes (Silo:Images:MaxImageBytes).", message);
    }

    [Theory]
    [InlineData("""{"prompt":"Hi","image_url":42}""", "image_url")]
    [InlineData("""{"prompt":"","image_url":"data:image/png;base64,AAAA"}""", "prompt")]
    [InlineData("""{"prompt":"Hi <__media__>"}""", "prompt")]
    public async Task ChatInteractive_MalformedImageInput_400NamingTheParameter(string body, string param)
    {
        using var response = await PostAsync(body);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, param, null);
    }

    private Task<HttpResponseMessage> PostAsync(string body) =>
        fixture.Silo.Http.PostAsync("/v1/chat/interactive", body.Insert(1, $$"""
            "model":"{{VisionSiloFixture.VisionModel}}",
            """));

    private async Task<JsonElement> InteractiveAsync(string body)
    {
        using var response = await PostAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task<JsonElement> ChatAsync(string messages)
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/completions",
            $$"""{"model":"{{VisionSiloFixture.VisionModel}}","messages":{{messages}},"max_tokens":6,"temperature":0,"ignore_eos":true}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}
