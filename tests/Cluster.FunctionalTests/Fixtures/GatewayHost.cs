using Cluster.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>The real gateway on Kestrel at 127.0.0.1:0: an Orleans client of the test cluster named in its settings.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _start;
    private readonly Task _started;

    private GatewayHost(WebApplication app, Uri address, CancellationTokenSource start, Task started)
    {
        _app = app;
        _start = start;
        _started = started;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The gateway's base URL.</summary>
    public Uri Address { get; }

    /// <summary>The gateway's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>A client for the gateway.</summary>
    public HttpClient Client { get; }

    /// <summary>
    /// Starts a gateway with test defaults overridden by <paramref name="settings"/> (which name the cluster: "Cluster:*"). With
    /// <paramref name="waitForCluster"/> the start returns once the Orleans client reached a silo (or throws after 60 s);
    /// without, as soon as Kestrel listens (the client keeps trying in the background).
    /// </summary>
    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?>? settings = null, bool waitForCluster = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:Secret"] = ClusterSettings.TestSecret,
            ["Gateway:Catalog:RefreshInterval"] = "00:00:00.200",
            ["Gateway:Health:CheckInterval"] = "00:00:00",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddClusterGateway(builder.Configuration);
        var app = builder.Build();
        app.UseClusterGateway();
        app.MapClusterGateway();
        var start = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var started = app.StartAsync(start.Token);
        if (waitForCluster)
        {
            await started;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        while (addresses.FirstOrDefault() is not { } bound || bound.EndsWith(":0", StringComparison.Ordinal))
        {
            await Task.WhenAny(started, Task.Delay(20));
            if (started.IsFaulted || started.IsCanceled)
            {
                await started;
            }
        }

        return new GatewayHost(app, new Uri(addresses.First()), start, started);
    }

    /// <summary>Starts a gateway whose cluster has no silo yet (its gateway port is a free one): it must answer all the same.</summary>
    public static Task<GatewayHost> StartWithoutSilosAsync(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Cluster:GatewayPorts:0"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return StartAsync(all, waitForCluster: false);
    }

    /// <summary>Waits until exactly <paramref name="count"/> silos are live and healthy in the gateway's catalog.</summary>
    public Task WaitForSilosAsync(int count, TimeSpan? timeout = null) => GatewayReadiness.WaitForSilosAsync(Client, count, timeout ?? TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_started.IsCompleted)
        {
            await _start.CancelAsync();
        }

        try
        {
            await _started;
        }
        catch (OperationCanceledException)
        {
            // Stopped before it reached the cluster.
        }

        _start.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
