namespace Cluster.Bench.Gateway;

/// <summary>Warms both targets up, then measures latency, streaming and throughput, each side by side.</summary>
internal static class OverheadRun
{
    // Sessions the "later turns" comparison cycles through, so each holds a short history.
    private const int SessionPool = 50;

    public static async Task<int> RunAsync(BenchSettings settings, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        using var direct = new BenchTarget("direct", settings.Silo, settings.Secret);
        using var gateway = new BenchTarget("gateway", settings.Gateway);
        var probe = new ChatProbe(settings);
        MarkdownReport.Header(settings, arguments);

        // Warm-up: JIT, connection pools and the silo's caches on both paths, streamed and not.
        var (_, _, warmupFailures) = await LatencyComparison.NonStreamedAsync(probe, direct, gateway, settings.Warmup, cancellationToken);
        await LatencyComparison.StreamedAsync(probe, direct, gateway, Math.Max(1, settings.Warmup / 10), cancellationToken);
        if (warmupFailures == settings.Warmup * 2)
        {
            await Console.Error.WriteLineAsync("Every warm-up request failed: are the silo and the gateway up, serving the model?");
            return 1;
        }

        var (plainDirect, plainGateway, plainFailures) = await LatencyComparison.NonStreamedAsync(probe, direct, gateway, settings.Pairs, cancellationToken);
        MarkdownReport.NonStreamed(settings, plainDirect, plainGateway, plainFailures);

        // Session turns: the gateway finds the owner through the session grain (cached after a session's first turn); a
        // new session every request puts that lookup, and the session's activation, on every request of both sides.
        var (newDirect, newGateway, newFailures) = await LatencyComparison.NonStreamedAsync(probe, direct, gateway, settings.Pairs, cancellationToken,
            (pair, target) => $"{target.Name}-new-{pair}");
        MarkdownReport.NonStreamed(settings, newDirect, newGateway, newFailures, "a new session (X-Session-Id) every request");
        var (turnDirect, turnGateway, turnFailures) = await LatencyComparison.NonStreamedAsync(probe, direct, gateway, settings.Pairs, cancellationToken,
            (pair, target) => $"{target.Name}-turns-{pair % SessionPool}");
        MarkdownReport.NonStreamed(settings, turnDirect, turnGateway, turnFailures, $"later turns of {SessionPool} sessions (owner cached)");

        var (streamDirect, streamGateway, streamFailures) = await LatencyComparison.StreamedAsync(probe, direct, gateway, settings.StreamPairs, cancellationToken);
        MarkdownReport.Streamed(settings, streamDirect, streamGateway, streamFailures);

        MarkdownReport.ThroughputHead(settings);
        var failures = plainFailures + newFailures + turnFailures + streamFailures;
        foreach (var clients in settings.Concurrencies)
        {
            var (directRate, gatewayRate, failed) = await ThroughputComparison.RunAsync(
                probe, direct, gateway, clients, TimeSpan.FromSeconds(settings.BlockSeconds), settings.Rounds, cancellationToken);
            MarkdownReport.ThroughputRow(clients, directRate, gatewayRate, failed);
            failures += failed;
        }

        return failures == 0 ? 0 : 1;
    }
}
