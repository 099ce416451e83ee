using System.Diagnostics;

namespace Cluster.Bench.Gateway;

/// <summary>
/// Closed-loop throughput: C clients each send non-streamed requests back to back for a block of time; blocks
/// alternate between the targets (direct, gateway, gateway, direct, …) so drift hits both equally.
/// </summary>
internal static class ThroughputComparison
{
    /// <summary>Requests per second of each target at <paramref name="concurrency"/>, over <paramref name="rounds"/> blocks each.</summary>
    public static async Task<(double Direct, double Gateway, int Failures)> RunAsync(
        ChatProbe probe, BenchTarget direct, BenchTarget gateway, int concurrency, TimeSpan block, int rounds, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<BenchTarget, (long Completed, double Seconds)> { [direct] = (0, 0), [gateway] = (0, 0) };
        var failures = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var target in round % 2 == 0 ? [direct, gateway] : (BenchTarget[])[gateway, direct])
            {
                var (completed, failed, seconds) = await BlockAsync(probe, target, concurrency, block, cancellationToken);
                var (c, s) = totals[target];
                totals[target] = (c + completed, s + seconds);
                failures += failed;
            }
        }

        return (totals[direct].Completed / totals[direct].Seconds, totals[gateway].Completed / totals[gateway].Seconds, failures);
    }

    private static async Task<(long Completed, int Failed, double Seconds)> BlockAsync(
        ChatProbe probe, BenchTarget target, int concurrency, TimeSpan block, CancellationToken cancellationToken)
    {
        long completed = 0;
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < block)
            {
                if (await probe.SendAsync(target, cancellationToken) is null)
                {
                    Interlocked.Increment(ref failed);
                }
                else
                {
                    Interlocked.Increment(ref completed);
                }
            }
        }));

        // Until the last request of the block ended: every completed request lies inside the measured time.
        return (completed, failed, clock.Elapsed.TotalSeconds);
    }
}
