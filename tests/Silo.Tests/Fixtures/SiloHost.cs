using System.ClientModel;
using System.ClientModel.Primitives;
using Cluster.Contracts.Internal;
using Cluster.Grains.Models;
using Cluster.Grains.Sessions;
using Cluster.Grains.Silos;
using Cluster.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace Cluster.Silo.Tests.Fixtures;

/// <summary>
/// A real silo (SiloApp.Build: Kestrel on 127.0.0.1 with an ephemeral port, and an Orleans silo on localhost clustering),
/// started and with its models loaded. Alone it is the primary of a cluster of its own; <see cref="StartJoiningAsync"/>
/// starts one in another silo's cluster. Its client sends the cluster secret, as gateways do.
/// </summary>
public sealed class SiloHost : IAsyncDisposable
{
    /// <summary>The cluster secret every test silo holds.</summary>
    public const string Secret = "silo-tests-secret-0123456789";

    private SiloHost(WebApplication app, string clusterId, int siloPort)
    {
        App = app;
        ClusterId = clusterId;
        SiloPort = siloPort;
        BaseAddress = new Uri(app.Urls.Single());
        Http = new HttpClient { BaseAddress = BaseAddress };
        Http.DefaultRequestHeaders.Add(InternalHeaders.Secret, Secret);
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>The Orleans cluster it belongs to.</summary>
    public string ClusterId { get; }

    /// <summary>Its Orleans silo port.</summary>
    public int SiloPort { get; }

    /// <summary>Starts a silo, the primary of a cluster of its own, with these settings (configuration keys); waits until every model has loaded or failed.</summary>
    public static Task<SiloHost> StartAsync(params string[] settings) => StartAsync($"silo-tests-{Guid.NewGuid():N}", null, settings);

    /// <summary>Starts a silo that joins <paramref name="primary"/>'s cluster.</summary>
    public static Task<SiloHost> StartJoiningAsync(SiloHost primary, params string[] settings)
    {
        ArgumentNullException.ThrowIfNull(primary);
        return StartAsync(primary.ClusterId, primary.SiloPort, settings);
    }

    /// <summary>The settings that make a silo of cluster <paramref name="clusterId"/> on free ports (the primary's when <paramref name="primaryPort"/> is null).</summary>
    public static (string[] Settings, int SiloPort) ClusterSettings(string clusterId, int? primaryPort)
    {
        var siloPort = FreePorts.Next();
        return ([
            "--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", $"--Cluster:Secret={Secret}", $"--Cluster:ClusterId={clusterId}",
            $"--Cluster:SiloPort={siloPort}", $"--Cluster:GatewayPort={FreePorts.Next()}", $"--Cluster:PrimarySiloPort={primaryPort ?? siloPort}",
        ], siloPort);
    }

    private static async Task<SiloHost> StartAsync(string clusterId, int? primaryPort, string[] settings)
    {
        var (cluster, siloPort) = ClusterSettings(clusterId, primaryPort);
        var app = SiloApp.Build([.. cluster, .. settings]);
        await app.StartAsync();
        await app.Services.GetRequiredService<HostedModels>().Loaded.WaitAsync(TimeSpan.FromMinutes(2));
        return new SiloHost(app, clusterId, siloPort);
    }

    /// <summary>The official OpenAI SDK's chat client pointed at this silo, sending the cluster secret.</summary>
    public ChatClient ChatClient(string model) =>
        new(model, new ApiKeyCredential("unused"), ClientOptions());

    /// <summary>The official OpenAI SDK's embedding client pointed at this silo, sending the cluster secret.</summary>
    public EmbeddingClient EmbeddingClient(string model) =>
        new(model, new ApiKeyCredential("unused"), ClientOptions());

    private OpenAIClientOptions ClientOptions()
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri(BaseAddress, "v1") };
        options.AddPolicy(new SecretPolicy(), PipelinePosition.PerCall);
        return options;
    }

    /// <summary>Grains, as this silo calls them.</summary>
    public IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();

    /// <summary>This silo's name, as the silo catalog and adapter changes give it.</summary>
    public string Name => App.Services.GetRequiredService<LocalSilo>().Name;

    /// <summary>This silo's grain key.</summary>
    public string SiloKey => App.Services.GetRequiredService<LocalSilo>().Key;

    /// <summary>The sessions active on this silo.</summary>
    public Task<IReadOnlyList<SessionSummary>> ListSessionsAsync() => Grains.GetGrain<ISiloGrain>(SiloKey).ListSessionsAsync();

    /// <summary>The silo a session's activation lives on and the messages it stores.</summary>
    public async Task<(string Silo, int Messages)> DescribeAsync(string key)
    {
        var summary = await Grains.GetGrain<ISessionGrain>(key).DescribeAsync();
        return (summary.Silo, summary.Messages);
    }

    /// <summary>Ends a session as an operator would; false when it did not exist.</summary>
    public Task<bool> EndSessionAsync(string key) => Grains.GetGrain<ISessionGrain>(key).EndAsync(null);

    /// <summary>Waits until this silo's catalog lists <paramref name="silos"/> silos (session placement reads it).</summary>
    public async Task WaitForCatalogAsync(int silos)
    {
        var catalog = App.Services.GetRequiredService<SiloCatalog>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (catalog.Silos.Length != silos)
        {
            await catalog.RefreshAsync(timeout.Token);
        }
    }

    /// <summary>The host serving a model.</summary>
    public IModelHost Grain(string modelId) => App.Services.GetRequiredService<HostedModels>().Find(modelId)!.Host.Serving;

    /// <summary>The replicas of a model.</summary>
    public ModelReplicas Replicas(string modelId) => App.Services.GetRequiredService<HostedModels>().Find(modelId)!.Host;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private sealed class SecretPolicy : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set(InternalHeaders.Secret, Secret);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set(InternalHeaders.Secret, Secret);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
