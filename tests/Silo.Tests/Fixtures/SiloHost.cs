using System.ClientModel;
using Cluster.Grains.Models;
using Cluster.Silo.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;

namespace Cluster.Silo.Tests.Fixtures;

/// <summary>A real silo (SiloApp.Build) on 127.0.0.1 with an ephemeral port, started and with its models loaded.</summary>
public sealed class SiloHost : IAsyncDisposable
{
    private SiloHost(WebApplication app)
    {
        App = app;
        BaseAddress = new Uri(app.Urls.Single());
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a silo with these settings (configuration keys) and waits until every model has loaded or failed.</summary>
    public static async Task<SiloHost> StartAsync(params string[] settings)
    {
        var app = SiloApp.Build(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. settings]);
        await app.StartAsync();
        await app.Services.GetRequiredService<HostedModels>().Loaded.WaitAsync(TimeSpan.FromMinutes(2));
        return new SiloHost(app);
    }

    /// <summary>The official OpenAI SDK's chat client pointed at this silo.</summary>
    public ChatClient ChatClient(string model) =>
        new(model, new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(BaseAddress, "v1") });

    /// <summary>The grain serving a model.</summary>
    public IModelGrain Grain(string modelId) => App.Services.GetRequiredService<HostedModels>().Find(modelId)!.Grain;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
