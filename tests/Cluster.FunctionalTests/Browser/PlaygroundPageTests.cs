using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.FunctionalTests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace Cluster.FunctionalTests.Browser;

public sealed class PlaygroundPageTests
{
    [Fact]
    public async Task PlaygroundPage_SeededMessage_StreamsTheReplyTheApiGivesForThatSeed()
    {
        await using var cluster = await RealCluster.StartAsync(1);
        var body = Chat.Body(DemoModel.Id, ("user", "Tell me a story"));
        body["max_tokens"] = 16;
        body["seed"] = 11;
        body["temperature"] = 0.8;
        using var response = await Chat.PostAsync(cluster.Gateway.Client, body);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var expected = answer.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        var completionTokens = answer.GetProperty("usage").GetProperty("completion_tokens").GetInt32();

        await using var browser = await BrowserPage.OpenAsync(cluster.Gateway.Address, "/");
        var page = browser.Page;
        Assert.EndsWith("/playground", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("#model")).ToHaveValueAsync(DemoModel.Id);
        await page.Locator("#seed").FillAsync("11");
        await page.Locator("#temperature").FillAsync("0.8");
        await page.Locator("#max-tokens").FillAsync("16");
        await page.Locator("#message").FillAsync("Tell me a story");

        await page.Locator("#send").ClickAsync();

        var reply = page.Locator(".turn.assistant").Last;
        await Expect(reply).ToHaveAttributeAsync("data-done", "true");
        await Expect(reply.Locator(".content")).ToHaveTextAsync(expected);
        await Expect(reply.Locator(".meta")).ToHaveAttributeAsync("data-silo", "silo-0");
        await Expect(reply.Locator(".meta")).ToHaveAttributeAsync("data-completion-tokens", completionTokens.ToString(CultureInfo.InvariantCulture));
        await browser.ScreenshotAsync(nameof(PlaygroundPage_SeededMessage_StreamsTheReplyTheApiGivesForThatSeed));

        await page.Locator("a[href='/swagger']").ClickAsync();
        await Expect(page).ToHaveTitleAsync("Cluster gateway");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task PlaygroundPage_ChatAndEmbeddingModel_PicksOnlyTheChatModelWithoutImages()
    {
        await using var cluster = await RealCluster.StartAsync(new ClusterSettings(), 1, null, $"--Silo:Models:1:Path={await DemoModel.EmbeddingPathAsync()}");
        var models = await cluster.Gateway.Client.GetFromJsonAsync<JsonElement>("/v1/models");
        Assert.Equal(
            [$"{DemoModel.EmbeddingId}:[\"embeddings\"]", $"{DemoModel.Id}:[\"chat\"]"],
            models.GetProperty("data").EnumerateArray().Select(m => $"{m.GetProperty("id").GetString()}:{m.GetProperty("capabilities").GetRawText()}"));

        await using var browser = await BrowserPage.OpenAsync(cluster.Gateway.Address, "/playground");

        await Expect(browser.Page.Locator("#model option")).ToHaveTextAsync($"{DemoModel.Id} (1 silo)");
        await Expect(browser.Page.Locator("#images")).ToBeDisabledAsync();
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task PlaygroundPage_SessionMode_TurnsStayOnOneSiloAndCachedTokensGrow()
    {
        await using var cluster = await RealCluster.StartAsync(2);
        await using var browser = await BrowserPage.OpenAsync(cluster.Gateway.Address, "/playground");
        var page = browser.Page;
        await Expect(page.Locator("#model")).ToHaveValueAsync(DemoModel.Id);
        await page.Locator("#session-mode").CheckAsync();
        await page.Locator("#max-tokens").FillAsync("6");
        var session = (await page.Locator("#session-line").TextContentAsync())!["session ".Length..];

        var silos = new List<string>();
        var cached = new List<int>();
        for (var turn = 1; turn <= 3; turn++)
        {
            await page.Locator("#message").FillAsync($"turn number {turn}");
            await page.Locator("#send").ClickAsync();
            var meta = page.Locator(".turn.assistant").Nth(turn - 1).Locator(".meta");
            await Expect(meta).ToHaveCountAsync(1);
            silos.Add((await meta.GetAttributeAsync("data-silo"))!);
            cached.Add(int.Parse((await meta.GetAttributeAsync("data-cached-tokens"))!, CultureInfo.InvariantCulture));
        }

        Assert.Single(silos.Distinct());
        Assert.Equal(0, cached[0]);
        Assert.True(cached[1] > cached[0] && cached[2] > cached[1], $"cached tokens per turn: {string.Join(", ", cached)}");
        var stored = await cluster.Gateway.Client.GetFromJsonAsync<JsonElement>($"/admin/sessions/h:{session}");
        Assert.Equal(silos[0], stored.GetProperty("silo").GetString());
        Assert.Equal(6, stored.GetProperty("messages").GetInt32());
        await browser.ScreenshotAsync(nameof(PlaygroundPage_SessionMode_TurnsStayOnOneSiloAndCachedTokensGrow));
        Assert.Empty(browser.Errors);
    }
}
