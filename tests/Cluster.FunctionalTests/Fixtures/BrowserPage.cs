using Microsoft.Playwright;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>
/// A page in real headless Chromium (Debian's /usr/bin/chromium, or CLUSTER_CHROMIUM; Playwright drives it, no browser is
/// downloaded), opened on a gateway. Collects the page's script errors; screenshots go next to the test results.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private const string DefaultChromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _errors = [];

    static BrowserPage() => Assertions.SetDefaultExpectTimeout(20_000);

    private BrowserPage(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.PageError += (_, error) => Record("page error: " + error);
        page.Console += (_, message) =>
        {
            // A failed admin call the page handles (401 before the key is typed) is logged by the browser itself; script errors are not expected.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                Record("console error: " + message.Text);
            }
        };
    }

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>Script errors and console errors the page raised so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Opens <paramref name="path"/> on <paramref name="gateway"/> in a new headless Chromium.</summary>
    public static async Task<BrowserPage> OpenAsync(Uri gateway, string path)
    {
        var executable = Environment.GetEnvironmentVariable("CLUSTER_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultChromium;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium is not at {executable}: run `bash scripts/install-test-deps.sh chromium` (or set CLUSTER_CHROMIUM).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable, Headless = true, Args = ["--no-sandbox"] });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = gateway.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 1100 } });
        var page = new BrowserPage(playwright, browser, await context.NewPageAsync());
        await page.Page.GotoAsync(path);
        return page;
    }

    /// <summary>Saves a full-page screenshot as .artifacts/test-results/screenshots/<paramref name="name"/>.png.</summary>
    public async Task ScreenshotAsync(string name)
    {
        var folder = Path.Combine(RepoPaths.Root, ".artifacts", "test-results", "screenshots");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private void Record(string error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }
}
