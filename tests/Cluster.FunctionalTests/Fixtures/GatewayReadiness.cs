using System.Net.Http.Json;
using System.Text.Json;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>Reads a gateway's /health/ready.</summary>
public static class GatewayReadiness
{
    /// <summary>Waits until exactly <paramref name="count"/> silos are live and healthy in the catalog of the gateway <paramref name="client"/> talks to.</summary>
    public static async Task WaitForSilosAsync(HttpClient client, int count, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(client);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var ready = await client.GetFromJsonAsync<JsonElement>("/health/ready");
            if (ready.GetProperty("live_silos").GetInt32() == count)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} live silos, have {ready.GetProperty("live_silos").GetInt32()}.");
            }

            await Task.Delay(50);
        }
    }
}
