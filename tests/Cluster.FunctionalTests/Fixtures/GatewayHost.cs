using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>The real gateway on Kestrel at 127.0.0.1:0, configured for fast membership.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The gateway's base URL.</summary>
    public Uri Address { get; }

    /// <summary>The gateway's services (its store, for tests that play another gateway).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>A client for the gateway.</summary>
    public HttpClient Client { get; }

    /// <summary>Starts a gateway with test defaults overridden by <paramref name="settings"/>.</summary>
    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Membership:HeartbeatTimeout"] = "00:00:01.5",
            ["Gateway:Membership:RefreshInterval"] = "00:00:00.100",
            ["Gateway:Membership:HealthCheckInterval"] = "00:00:00",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddClusterGateway(builder.Configuration);
        var app = builder.Build();
        app.UseClusterGateway();
        app.MapClusterGateway();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayHost(app, new Uri(address));
    }

    /// <summary>Waits until exactly <paramref name="count"/> silos are live.</summary>
    public async Task WaitForSilosAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var ready = await Client.GetFromJsonAsync<JsonElement>("/health/ready");
            if (ready.GetProperty("live_silos").GetInt32() == count)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} live silos, have {ready.GetProperty("live_silos").GetInt32()}.");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
