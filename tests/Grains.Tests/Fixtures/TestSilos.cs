using Cluster.Grains.Models;
using Cluster.Grains.Silos;
using Cluster.Inference.Native;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Cluster.Grains.Tests.Fixtures;

/// <summary>
/// Two in-process Orleans silos (Orleans' TestingHost) with the cluster's grains and memory grain storage. Both serve
/// "tiny" (seed 42); only the second also serves "solo" (the same file under another id), so where a "solo" session lands is known.
/// </summary>
public sealed class TestSilos : IAsyncLifetime
{
    public const string Tiny = "tiny";
    public const string Solo = "solo";

    private readonly TinyModelsFixture _models = new();

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The silo's services (its local sessions, models…).</summary>
    public IServiceProvider ServicesOf(int silo) => ((InProcessSiloHandle)Cluster.Silos[silo]).SiloHost.Services;

    /// <summary>The silo's <see cref="ISiloGrain"/> key.</summary>
    public string KeyOf(int silo) => SiloKeys.Of(Cluster.Silos[silo].SiloAddress);

    public async Task InitializeAsync()
    {
        await _models.InitializeAsync();
        Configurator.ModelPath = _models.ModelPath;
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        foreach (var silo in Enumerable.Range(0, 2))
        {
            // Sessions are placed from the silo catalog: wait until it lists both silos.
            var catalog = ServicesOf(silo).GetRequiredService<SiloCatalog>();
            while (catalog.Silos.Length < 2)
            {
                await catalog.RefreshAsync(CancellationToken.None);
            }
        }
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await _models.DisposeAsync();
    }

    private sealed class Configurator : ISiloConfigurator
    {
        private static int s_configured;

        public static string ModelPath { get; set; } = string.Empty;

        public void Configure(ISiloBuilder siloBuilder)
        {
            var second = Interlocked.Increment(ref s_configured) % 2 == 0;
            LlamaLibrary.Initialize(null, NullLogger.Instance);
            siloBuilder.AddMemoryGrainStorage(global::Cluster.Grains.Sessions.ClusterStorage.Name);
            siloBuilder.AddClusterGrains(TimeSpan.FromMinutes(30));
            var models = new List<ModelHostOptions> { Options(Tiny) };
            if (second)
            {
                models.Add(Options(Solo));
            }

            siloBuilder.Services.AddSingleton(provider => new HostedModels(models, NullLoggerFactory.Instance));
            siloBuilder.Services.AddHostedService<ModelLoader>();
            siloBuilder.Services.AddSingleton<IOptions<DataPlaneOptions>>(Microsoft.Extensions.Options.Options.Create(
                new DataPlaneOptions { AdvertisedUrl = $"http://{Guid.NewGuid():N}.invalid" }));
            
        }

        private static ModelHostOptions Options(string id) =>
            new() { Path = ModelPath, ModelId = id, Scheduler = new() { Sequences = 2, ContextPerSequence = 512, StepTokenBudget = 64 } };
    }

    private sealed class ModelLoader(HostedModels models) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var replica in models.Replicas)
            {
                await replica.LoadAsync(null, cancellationToken);
            }

            models.MarkLoaded();
        }

        public Task StopAsync(CancellationToken cancellationToken) => models.DisposeAsync().AsTask();
    }
}

[CollectionDefinition(Name)]
public sealed class TestSilosCollection : ICollectionFixture<TestSilos>
{
    public const string Name = "test silos";
}
