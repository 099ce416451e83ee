namespace Cluster.Silo.Apis;

/// <summary>Log messages of the API handlers.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Client aborted {Path} before the answer was complete")]
    public static partial void ClientAborted(ILogger logger, PathString path);
}
