using Cluster.Grains.Models;
using Cluster.Grains.Silos;

namespace Cluster.Silo.Tests.Models;

/// <summary>Waits for a silo's first model to reach a status, as the cluster reads it through the silo grain.</summary>
internal static class ModelStatusPoll
{
    // The watchdog restarts a dead scheduler one to two seconds after it died: the poll is tight and bounded.
    public static async Task<SiloInfo> WaitForAsync(ISiloGrain silo, ModelStatus status)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var info = await silo.GetInfoAsync(timeout.Token);
            if (info.Models[0].Status == status)
            {
                return info;
            }

            await Task.Delay(5, timeout.Token);
        }
    }
}
