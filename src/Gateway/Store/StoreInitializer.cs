using Cluster.Contracts.Store;

namespace Cluster.Gateway.Store;

/// <summary>Creates or migrates the store's schema before the gateway serves.</summary>
internal sealed partial class StoreInitializer(IClusterStore store, ILogger<StoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        LogReady(logger, store.GetType().Name);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster store ready: {Store}")]
    private static partial void LogReady(ILogger logger, string store);
}
