namespace Cluster.Silo.Models;

/// <summary>Logs a model's load progress at every tenth.</summary>
internal sealed partial class LoadProgressLog(ILogger logger, string modelId) : IProgress<float>
{
    private int _lastTenth = -1;

    public void Report(float value)
    {
        var tenth = (int)Math.Clamp(value * 10, 0, 10);
        if (tenth > _lastTenth)
        {
            _lastTenth = tenth;
            LogProgress(logger, modelId, tenth * 10);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loading model {ModelId}: {Percent}%")]
    private static partial void LogProgress(ILogger logger, string modelId, int percent);
}
