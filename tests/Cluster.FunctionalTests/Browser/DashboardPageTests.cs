using System.Net.Http.Json;
using System.Text.Json;
using Cluster.FunctionalTests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace Cluster.FunctionalTests.Browser;

public sealed class DashboardPageTests
{
    [Fact]
    public async Task DashboardPage_TwoSilos_ListsBothHealthyWithModelAndKv()
    {
        await using var cluster = await RealCluster.StartAsync(2);
        var nodes = await cluster.Gateway.Client.GetFromJsonAsync<JsonElement>("/admin/nodes");
        await using var browser = await BrowserPage.OpenAsync(cluster.Gateway.Address, "/dashboard");
        var rows = browser.Page.Locator("#silos tbody tr");

        await Expect(rows).ToHaveCountAsync(2);
        for (var i = 0; i < 2; i++)
        {
            var node = nodes[i];
            var model = node.GetProperty("models")[0];
            var cells = rows.Nth(i).Locator("td");
            await Expect(cells.Nth(0)).ToHaveTextAsync($"silo-{i}");
            await Expect(cells.Nth(1)).ToHaveTextAsync("healthy");
            await Expect(cells.Nth(2)).ToHaveTextAsync(node.GetProperty("gpu_name").GetString()!);
            await Expect(cells.Nth(3)).ToHaveTextAsync($"{DemoModel.Id} (ready) on CPU");
            await Expect(cells.Nth(5)).ToHaveTextAsync($"0 / {model.GetProperty("kv_tokens_capacity").GetInt64()} (0.0 %)");
            await Expect(cells.Nth(8).Locator("button")).ToHaveTextAsync("Drain");
        }

        await Expect(browser.Page.Locator("#orleans-link")).ToHaveAttributeAsync("href", "/orleans/");
        await browser.ScreenshotAsync(nameof(DashboardPage_TwoSilos_ListsBothHealthyWithModelAndKv));
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task DashboardPage_ModelOfTwoReplicas_ShowsEachReplicasPlacementAndState()
    {
        await using var cluster = await RealCluster.StartAsync(new ClusterSettings(), 1, null, "--replicas=2", "--Silo:Models:0:GpuLayers=0");
        await using var browser = await BrowserPage.OpenAsync(cluster.Gateway.Address, "/dashboard");

        var model = browser.Page.Locator("#silos tbody tr").Nth(0).Locator("td").Nth(3);

        await Expect(model).ToHaveTextAsync($"{DemoModel.Id} (ready) on replica 0 CPU (ready), replica 1 CPU (ready)");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task DashboardPage_AfterTraffic_ShowsTheTokensAndRequestsSent()
    {
        await using var cluster = await RealCluster.StartAsync(2);
        await using var browser = await BrowserPage.OpenAsync(cluster.Gateway.Address, "/dashboard");
        var page = browser.Page;
        await Expect(page.Locator("#traffic-since")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#tokens-total")).ToHaveTextAsync("0");
        await Expect(page.Locator("#throughput-chart")).ToHaveAttributeAsync("data-points", "0");
        await browser.ScreenshotAsync(nameof(DashboardPage_AfterTraffic_ShowsTheTokensAndRequestsSent) + "-before");

        var completionTokens = 0;
        for (var i = 0; i < 5; i++)
        {
            var body = Chat.Body(DemoModel.Id, ("user", $"traffic {i}"));
            body["max_tokens"] = 12;
            body["seed"] = i;
            body["stream"] = i % 2 == 0;
            body["stream_options"] = i % 2 == 0 ? new System.Text.Json.Nodes.JsonObject { ["include_usage"] = true } : null;
            using var response = await Chat.PostAsync(cluster.Gateway.Client, body);
            completionTokens += await CompletionTokensAsync(response, streamed: i % 2 == 0);
        }

        await Expect(page.Locator("#tokens-total")).ToHaveTextAsync(completionTokens.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#requests-total")).ToHaveTextAsync("5");
        await Expect(page.Locator("#throughput-chart")).Not.ToHaveAttributeAsync("data-points", "0");
        await Expect(page.Locator("#ttft-latest")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d / \d+\.\d ms$"));
        await Expect(page.Locator("#routing tbody tr")).ToHaveCountAsync(5);
        await browser.ScreenshotAsync(nameof(DashboardPage_AfterTraffic_ShowsTheTokensAndRequestsSent) + "-after");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task DashboardPage_DrainButton_TurnsSiloDrainingThenUndrainRestores()
    {
        await using var cluster = await RealCluster.StartAsync(2);
        await using var browser = await BrowserPage.OpenAsync(cluster.Gateway.Address, "/dashboard");
        var row = browser.Page.Locator("#silos tbody tr[data-silo='silo-1']");
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("healthy");

        await row.Locator("button[data-action='drain']").ClickAsync();

        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("draining");
        await Expect(row.Locator("button")).ToHaveTextAsync("Undrain");
        var nodes = await cluster.Gateway.Client.GetFromJsonAsync<JsonElement>("/admin/nodes");
        Assert.True(nodes.EnumerateArray().Single(n => n.GetProperty("name").GetString() == "silo-1").GetProperty("draining").GetBoolean());
        await browser.ScreenshotAsync(nameof(DashboardPage_DrainButton_TurnsSiloDrainingThenUndrainRestores));

        await row.Locator("button[data-action='undrain']").ClickAsync();

        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("healthy");
        await Expect(browser.Page.Locator("#silos tbody tr[data-silo='silo-0'] td").Nth(1)).ToHaveTextAsync("healthy");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task DashboardPage_KilledSilo_TurnsUnhealthyOrDownWhileTheOtherStaysHealthy()
    {
        // The gateway probes the silos' data planes every second (as deployments do every 5 s): a dead silo is unhealthy at
        // the next probe, and down once Orleans' membership declares it dead and the catalog drops it, whichever comes first.
        await using var cluster = await RealCluster.StartAsync(2, new Dictionary<string, string?> { ["Gateway:Health:CheckInterval"] = "00:00:01" });
        await using var browser = await BrowserPage.OpenAsync(cluster.Gateway.Address, "/dashboard");
        var silo1 = browser.Page.Locator("#silos tbody tr[data-silo='silo-1'] td").Nth(1);
        await Expect(silo1).ToHaveTextAsync("healthy");

        cluster["silo-1"].Kill();

        await Expect(silo1).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(unhealthy|down)$"));
        await Expect(browser.Page.Locator("#silos tbody tr[data-silo='silo-0'] td").Nth(1)).ToHaveTextAsync("healthy");
        await browser.ScreenshotAsync(nameof(DashboardPage_KilledSilo_TurnsUnhealthyOrDownWhileTheOtherStaysHealthy));
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task DashboardPage_SessionRow_ShowsOwnerTurnsTokensAndEndButtonEndsIt()
    {
        await using var cluster = await RealCluster.StartAsync(1);
        await SessionTurn.SendAsync(cluster.Gateway.Client, "dash-session", "first turn");
        var second = await SessionTurn.SendAsync(cluster.Gateway.Client, "dash-session", "second turn");
        var stored = await cluster.Gateway.Client.GetFromJsonAsync<JsonElement>("/admin/sessions/h:dash-session");
        await using var browser = await BrowserPage.OpenAsync(cluster.Gateway.Address, "/dashboard");
        var cells = browser.Page.Locator("#sessions tbody tr[data-session='h:dash-session'] td");

        await Expect(cells.Nth(1)).ToHaveTextAsync(DemoModel.Id);
        await Expect(cells.Nth(2)).ToHaveTextAsync(second.Silo);
        await Expect(cells.Nth(3)).ToHaveTextAsync("2");
        await Expect(cells.Nth(4)).ToHaveTextAsync(stored.GetProperty("history_tokens").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(cells.Nth(5)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ s$"));
        await Expect(browser.Page.Locator("#routing tbody tr").First.Locator("td").Nth(3)).ToHaveTextAsync("session");
        await browser.ScreenshotAsync(nameof(DashboardPage_SessionRow_ShowsOwnerTurnsTokensAndEndButtonEndsIt));

        await cells.Nth(6).Locator("button").ClickAsync();

        await Expect(browser.Page.Locator("#sessions tbody tr")).ToHaveCountAsync(0);
        using var gone = await cluster.Gateway.Client.GetAsync(new Uri("/admin/sessions/h:dash-session", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task DashboardPage_AdminKeyConfigured_AsksForItThenShowsSilosAndOpensOrleansDashboard()
    {
        await using var cluster = await RealCluster.StartAsync(1, new Dictionary<string, string?>
        {
            ["Gateway:Auth:Enabled"] = "true",
            ["Gateway:Auth:AdminKey"] = "admin-secret-1",
            ["Gateway:Auth:Keys:0:Name"] = "alice",
            ["Gateway:Auth:Keys:0:Key"] = "sk-alice",
        });
        await using var browser = await BrowserPage.OpenAsync(cluster.Gateway.Address, "/dashboard");
        var page = browser.Page;
        await Expect(page.Locator("#key-form")).ToBeVisibleAsync();
        await Expect(page.Locator("#silos tbody tr")).ToHaveCountAsync(0);
        var refused = await page.APIRequest.GetAsync("/orleans");
        Assert.Equal(401, refused.Status);

        await page.Locator("#admin-key").FillAsync("admin-secret-1");
        await page.Locator("#key-form button").ClickAsync();

        await Expect(page.Locator("#silos tbody tr[data-silo='silo-0'] td").Nth(1)).ToHaveTextAsync("healthy");
        await Expect(page.Locator("#key-form")).ToBeHiddenAsync();
        var counters = page.WaitForResponseAsync(r => r.Url.Contains("DashboardCounters", StringComparison.Ordinal));
        var orleans = await page.GotoAsync("/orleans/");
        Assert.Equal(200, orleans!.Status);
        var answer = await counters;
        Assert.Equal((200, new Uri(cluster.Gateway.Address, "/orleans/DashboardCounters").ToString()), (answer.Status, answer.Url));
        await Expect(page.GetByText("Loading...")).ToBeHiddenAsync();
        await browser.ScreenshotAsync(nameof(DashboardPage_AdminKeyConfigured_AsksForItThenShowsSilosAndOpensOrleansDashboard) + "-orleans");
    }

    private static async Task<int> CompletionTokensAsync(HttpResponseMessage response, bool streamed)
    {
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        var json = streamed
            ? text.Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal) && l.Contains("\"usage\":{", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l[6..]).RootElement).Last()
            : JsonDocument.Parse(text).RootElement;
        return json.GetProperty("usage").GetProperty("completion_tokens").GetInt32();
    }
}
