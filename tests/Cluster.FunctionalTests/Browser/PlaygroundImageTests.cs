using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.FunctionalTests.Fixtures;
using Cluster.Tests.Shared;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cluster.FunctionalTests.Browser;

public sealed class PlaygroundImageTests
{
    // create-model's tiny projector sees 64×64-pixel images in 8-pixel patches: (64 / 8)² tokens per image, on a line of its
    // own after the text (the silo joins a message's parts with newlines): one "\n" token more per image.
    private const int ImageTokens = (64 / 8) * (64 / 8);
    private const int ImageLineTokens = ImageTokens + 1;
    private const string Prompt = "Describe this picture";

    [Fact]
    public async Task PlaygroundPage_VisionModelPngUpload_StreamsTheReplyWithTheImageTokensCounted()
    {
        await using var cluster = await StartVisionClusterAsync();
        var png = TestImages.Png(120, 80, 1);
        var textOnly = await ChatAsync(cluster, Prompt);
        var withImage = await ChatAsync(cluster, new JsonArray(TextPart(Prompt), ImagePart(TestImages.DataUrl(png))));
        Assert.Equal(textOnly.PromptTokens + ImageLineTokens, withImage.PromptTokens);
        var models = await cluster.Gateway.Client.GetFromJsonAsync<JsonElement>("/v1/models");
        Assert.Equal("[\"chat\",\"vision\"]", models.GetProperty("data")[0].GetProperty("capabilities").GetRawText());

        await using var browser = await BrowserPage.OpenAsync(cluster.Gateway.Address, "/playground");
        var page = browser.Page;
        await Expect(page.Locator("#model option")).ToHaveTextAsync($"{DemoModel.Id} (1 silo, reads images)");
        await Expect(page.Locator("#images")).ToBeEnabledAsync();
        await FillSeededAsync(page, Prompt);
        await page.Locator("#images").SetInputFilesAsync(new FilePayload { Name = "gradient.png", MimeType = "image/png", Buffer = png });
        await Expect(page.Locator("#attachments img")).ToHaveAttributeAsync("alt", "gradient.png");
        var sent = page.WaitForRequestAsync(r => r.Url.EndsWith("/v1/chat/completions", StringComparison.Ordinal));

        await page.Locator("#send").ClickAsync();

        var reply = page.Locator(".turn.assistant").Last;
        await Expect(reply).ToHaveAttributeAsync("data-done", "true");
        await Expect(reply.Locator(".content")).ToHaveTextAsync(withImage.Content);
        await Expect(reply.Locator(".meta")).ToHaveAttributeAsync("data-prompt-tokens", withImage.PromptTokens.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator(".turn.user img")).ToHaveAttributeAsync("src", TestImages.DataUrl(png));
        await Expect(page.Locator("#attachments img")).ToHaveCountAsync(0);
        var content = (await sent).PostDataJSON()!.Value.GetProperty("messages")[0].GetProperty("content");
        Assert.Equal(
            ["text:" + Prompt, "image_url:" + TestImages.DataUrl(png)],
            content.EnumerateArray().Select(p => p.GetProperty("type").GetString() + ":" + (p.TryGetProperty("text", out var text) ? text.GetString() : p.GetProperty("image_url").GetProperty("url").GetString())));
        await browser.ScreenshotAsync(nameof(PlaygroundPage_VisionModelPngUpload_StreamsTheReplyWithTheImageTokensCounted));
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task PlaygroundPage_SessionModeImageTurn_NextTurnFindsTheImageInTheCache()
    {
        await using var cluster = await StartVisionClusterAsync();
        await using var browser = await BrowserPage.OpenAsync(cluster.Gateway.Address, "/playground");
        var page = browser.Page;
        await Expect(page.Locator("#images")).ToBeEnabledAsync();
        await page.Locator("#session-mode").CheckAsync();
        await FillSeededAsync(page, "Remember this picture");
        await page.Locator("#images").SetInputFilesAsync(
            [new FilePayload { Name = "one.png", MimeType = "image/png", Buffer = TestImages.Png(64, 64, 2) }, new FilePayload { Name = "two.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(90, 60, 3) }]);
        await Expect(page.Locator("#attachments img")).ToHaveCountAsync(2);

        await page.Locator("#send").ClickAsync();
        var first = page.Locator(".turn.assistant").Nth(0).Locator(".meta");
        await Expect(first).ToHaveCountAsync(1);
        await page.Locator("#message").FillAsync("What was in it?");
        await page.Locator("#send").ClickAsync();
        var second = page.Locator(".turn.assistant").Nth(1).Locator(".meta");
        await Expect(second).ToHaveCountAsync(1);

        var firstPrompt = await IntAttributeAsync(first, "data-prompt-tokens");
        var textOnly = await ChatAsync(cluster, "Remember this picture");
        Assert.Equal(textOnly.PromptTokens + (2 * ImageLineTokens), firstPrompt);
        Assert.Equal(0, await IntAttributeAsync(first, "data-cached-tokens"));
        // The whole first turn stays in the session's KV: its prompt (both images), its answer and the <|eot_id|> closing it.
        Assert.Equal(firstPrompt + await IntAttributeAsync(first, "data-completion-tokens") + 1, await IntAttributeAsync(second, "data-cached-tokens"));
        Assert.Equal(await first.GetAttributeAsync("data-silo"), await second.GetAttributeAsync("data-silo"));
        await Expect(page.Locator(".turn.user").Nth(0).Locator("img")).ToHaveCountAsync(2);
        await browser.ScreenshotAsync(nameof(PlaygroundPage_SessionModeImageTurn_NextTurnFindsTheImageInTheCache));
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task PlaygroundPage_UndecodableThenOversizedImage_ShowsThe400AndThe413WithTheirMessages()
    {
        await using var cluster = await StartVisionClusterAsync("--Silo:Images:MaxImageBytes=4096");
        var garbage = "not a picture"u8.ToArray();
        var large = TestImages.Bmp(64, 64, 1);
        var invalid = await ErrorAsync(cluster, "data:image/png;base64," + Convert.ToBase64String(garbage));
        var tooLarge = await ErrorAsync(cluster, "data:image/bmp;base64," + Convert.ToBase64String(large));
        Assert.Equal((400, "invalid_image"), (invalid.Status, invalid.Code));
        Assert.Equal((413, "image_too_large", "The image at messages[0].content[1].image_url is larger than 4096 bytes (Silo:Images:MaxImageBytes)."), tooLarge);
        await using var browser = await BrowserPage.OpenAsync(cluster.Gateway.Address, "/playground");
        var page = browser.Page;
        await Expect(page.Locator("#images")).ToBeEnabledAsync();

        await page.Locator("#message").FillAsync(Prompt);
        await page.Locator("#images").SetInputFilesAsync(new FilePayload { Name = "broken.png", MimeType = "image/png", Buffer = garbage });
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#error")).ToHaveTextAsync($"400 invalid_image: {invalid.Message}");
        await Expect(page.Locator(".turn.assistant").Last).ToHaveAttributeAsync("data-done", "error");

        await page.Locator("#message").FillAsync(Prompt);
        await page.Locator("#images").SetInputFilesAsync(new FilePayload { Name = "large.bmp", MimeType = "image/bmp", Buffer = large });
        await page.Locator("#send").ClickAsync();

        await Expect(page.Locator("#error")).ToHaveTextAsync($"413 image_too_large: {tooLarge.Message}");
        await Expect(page.Locator(".turn.assistant").Last.Locator(".content")).ToHaveTextAsync($"(no reply: 413 image_too_large: {tooLarge.Message})");
        await browser.ScreenshotAsync(nameof(PlaygroundPage_UndecodableThenOversizedImage_ShowsThe400AndThe413WithTheirMessages));
    }

    private static async Task<RealCluster> StartVisionClusterAsync(params string[] siloSettings) =>
        await RealCluster.StartAsync(new ClusterSettings(), 1, null, ["--mmproj", await DemoModel.ProjectorPathAsync(), .. siloSettings]);

    private static async Task FillSeededAsync(IPage page, string message)
    {
        await page.Locator("#seed").FillAsync("11");
        await page.Locator("#temperature").FillAsync("0.8");
        await page.Locator("#max-tokens").FillAsync("8");
        await page.Locator("#message").FillAsync(message);
    }

    private static async Task<int> IntAttributeAsync(ILocator locator, string name) =>
        int.Parse((await locator.GetAttributeAsync(name))!, CultureInfo.InvariantCulture);

    private static async Task<(string Content, int PromptTokens)> ChatAsync(RealCluster cluster, JsonNode content)
    {
        using var response = await Chat.PostAsync(cluster.Gateway.Client, Body(content));
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (answer.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!, answer.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    private static async Task<(int Status, string Code, string Message)> ErrorAsync(RealCluster cluster, string imageUrl)
    {
        using var response = await Chat.PostAsync(cluster.Gateway.Client, Body(new JsonArray(TextPart(Prompt), ImagePart(imageUrl))));
        var error = await Chat.ErrorAsync(response);
        return ((int)response.StatusCode, error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!);
    }

    private static JsonObject Body(JsonNode content) => new()
    {
        ["model"] = DemoModel.Id,
        ["max_tokens"] = 8,
        ["seed"] = 11,
        ["temperature"] = 0.8,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = content }),
    };

    private static JsonObject TextPart(string text) => new() { ["type"] = "text", ["text"] = text };

    private static JsonObject ImagePart(string url) => new() { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = url } };
}
