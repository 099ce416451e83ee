using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Nodes;

/// <summary>Probes the external nodes every <see cref="ExternalNodeOptions.CheckInterval"/>.</summary>
internal sealed class ExternalNodeHealthCheck(ExternalNodeDirectory nodes, IOptions<ExternalNodeOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await nodes.CheckAllAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The gateway stops.
        }
    }
}
