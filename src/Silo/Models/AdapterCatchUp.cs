using Cluster.Grains.Models;

namespace Cluster.Silo.Models;

/// <summary>
/// A replica that serves again (its scheduler restarted, or it loaded on a retry) takes the LoRA adapters its model's other
/// replicas hold: changes made while it was not serving skipped it. What it could not take is logged.
/// </summary>
internal static partial class AdapterCatchUp
{
    /// <summary>Brings <paramref name="replica"/>'s adapters to its model's other replicas' set.</summary>
    public static async Task RunAsync(HostedModels models, ModelHost replica, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var failed in await models.CatchUpAdaptersAsync(replica, cancellationToken).ConfigureAwait(false))
        {
            LogAdapterNotCaughtUp(logger, replica.ModelId, replica.Replica, failed.Status, failed.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {ModelId} (replica {Replica}) did not take an adapter the other replicas hold ({Status}: {Message})")]
    private static partial void LogAdapterNotCaughtUp(ILogger logger, string modelId, int replica, AdapterChangeStatus status, string message);
}
