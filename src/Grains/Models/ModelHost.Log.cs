using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Models;

public sealed partial class ModelHost
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Loading model {ModelId} from {Path}")]
    private static partial void LogLoading(ILogger logger, string modelId, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {ModelId} ready: {Description} on {Device}")]
    private static partial void LogReady(ILogger logger, string modelId, string description, string device);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {ModelId} failed to load")]
    private static partial void LogLoadFailed(ILogger logger, string modelId, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {ModelId}: the scheduler loop died; starting a new one on the loaded weights")]
    private static partial void LogSchedulerRestart(ILogger logger, string modelId, Exception failure);
}
