using System.Net.Http.Json;
using System.Text.Json;
using Cluster.FunctionalTests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace Cluster.FunctionalTests.Browser;

public sealed class PlaygroundModelPickerTests
{
    [Fact]
    public async Task PlaygroundPage_ChatAndEmbeddingModel_PickerOffersTheChatModelOnly()
    {
        await using var cluster = await RealCluster.StartAsync(new ClusterSettings(), 1, null, $"--Silo:Models:1:Path={await DemoModel.EmbeddingPathAsync()}");
        var list = await cluster.Gateway.Client.GetFromJsonAsync<JsonElement>("/v1/models");

        await using var browser = await BrowserPage.OpenAsync(cluster.Gateway.Address, "/playground");
        var options = browser.Page.Locator("#model option");

        Assert.Equal([$"{DemoModel.EmbeddingId}:embedding", $"{DemoModel.Id}:generation"],
            list.GetProperty("data").EnumerateArray().Select(m => $"{m.GetProperty("id").GetString()}:{m.GetProperty("kind").GetString()}"));
        await Expect(options).ToHaveCountAsync(1);
        await Expect(browser.Page.Locator("#model")).ToHaveValueAsync(DemoModel.Id);
        Assert.Empty(browser.Errors);
    }
}
