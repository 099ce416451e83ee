using Cluster.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cluster.Silo.Tests.Images;

/// <summary>
/// A real Kestrel on 127.0.0.1 serving test images: /png/{seed}.png, /missing (404), and /hang, which answers only
/// when the server is disposed (a URL that times out).
/// </summary>
public sealed class ImageServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();

    private ImageServer(WebApplication app) => _app = app;

    /// <summary>The port Kestrel was given (valid once started).</summary>
    public int Port => new Uri(_app.Urls.Single()).Port;

    /// <summary>A URL on this server through the host name <paramref name="host"/> (localhost or 127.0.0.1).</summary>
    public string Url(string path, string host = "localhost") => $"http://{host}:{Port}{path}";

    public static async Task<ImageServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new ImageServer(app);
        app.MapGet("/png/{seed:int}.png", (int seed) => Results.File(TestImages.Png(70, 50, seed), "image/png"));
        app.MapGet("/missing", () => Results.NotFound());
        app.MapGet("/hang", async (HttpContext context) =>
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, server._stopping.Token);
            await Task.Delay(Timeout.Infinite, both.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.NoContent();
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
