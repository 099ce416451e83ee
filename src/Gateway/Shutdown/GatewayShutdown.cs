using Cluster.Gateway.Routing;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Shutdown;

/// <summary>
/// Says what a SIGTERM finds and leaves: the requests in flight to silos when the gateway starts stopping (Kestrel then refuses new
/// connections and waits up to <see cref="ShutdownOptions.Timeout"/> for them), and how many were cut when it has stopped.
/// </summary>
internal sealed partial class GatewayShutdown(SiloLoadTracker load, IOptions<ShutdownOptions> options, ILogger<GatewayShutdown> logger) : IHostedLifecycleService
{
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        LogStopping(logger, load.InFlight, options.Value.Timeout);
        return Task.CompletedTask;
    }

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        LogStopped(logger, load.InFlight);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway stopping: {Requests} requests in flight to silos get at most {Timeout} to finish; new connections are refused")]
    private static partial void LogStopping(ILogger logger, int requests, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway stopped: {Requests} requests still in flight were cut")]
    private static partial void LogStopped(ILogger logger, int requests);
}
