namespace Cluster.Bench.Gateway;

/// <summary>
/// One client, one request at a time, alternating targets: pair i sends direct then gateway when i is even, the
/// other way round when odd, so drift (CPU frequency, caches, the model's state) hits both sides equally.
/// </summary>
internal static class LatencyComparison
{
    /// <summary>Non-streamed latencies (ms) per target, with the failures counted; <paramref name="session"/> names the X-Session-Id of pair i on a target, if any.</summary>
    public static async Task<(List<double> Direct, List<double> Gateway, int Failures)> NonStreamedAsync(
        ChatProbe probe, BenchTarget direct, BenchTarget gateway, int pairs, CancellationToken cancellationToken, Func<int, BenchTarget, string>? session = null)
    {
        var (directTimes, gatewayTimes, failures) = (new List<double>(pairs), new List<double>(pairs), 0);
        for (var i = 0; i < pairs; i++)
        {
            foreach (var target in Order(i, direct, gateway))
            {
                if (await probe.SendAsync(target, cancellationToken, session?.Invoke(i, target)) is { } ms)
                {
                    (target == direct ? directTimes : gatewayTimes).Add(ms);
                }
                else
                {
                    failures++;
                }
            }
        }

        return (directTimes, gatewayTimes, failures);
    }

    /// <summary>Streamed timings per target, with the failures counted.</summary>
    public static async Task<(List<StreamTiming> Direct, List<StreamTiming> Gateway, int Failures)> StreamedAsync(
        ChatProbe probe, BenchTarget direct, BenchTarget gateway, int pairs, CancellationToken cancellationToken)
    {
        var (directTimes, gatewayTimes, failures) = (new List<StreamTiming>(pairs), new List<StreamTiming>(pairs), 0);
        for (var i = 0; i < pairs; i++)
        {
            foreach (var target in Order(i, direct, gateway))
            {
                if (await probe.StreamAsync(target, cancellationToken) is { } timing)
                {
                    (target == direct ? directTimes : gatewayTimes).Add(timing);
                }
                else
                {
                    failures++;
                }
            }
        }

        return (directTimes, gatewayTimes, failures);
    }

    private static BenchTarget[] Order(int pair, BenchTarget direct, BenchTarget gateway) => pair % 2 == 0 ? [direct, gateway] : [gateway, direct];
}
