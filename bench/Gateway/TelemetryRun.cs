namespace Cluster.Bench.Gateway;

/// <summary>
/// Telemetry on against off, side by side: two clusters run at once (the measured one with telemetry on, the baseline with it off) and every
/// comparison alternates between them request by request (latency) or block by block (throughput), so drift hits both alike.
/// </summary>
internal static class TelemetryRun
{
    public static async Task<int> RunAsync(
        BenchSettings settings, BaselineCluster baseline, IReadOnlyList<CpuMeter> meters, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        using var gatewayOn = new BenchTarget("gateway-on", settings.Gateway);
        using var gatewayOff = new BenchTarget("gateway-off", baseline.Gateway);
        using var siloOn = new BenchTarget("silo-on", settings.Silo, settings.Secret);
        using var siloOff = new BenchTarget("silo-off", baseline.Silo, baseline.Secret);
        var probe = new ChatProbe(settings);
        TelemetryReport.Header(settings, baseline, arguments);

        var (_, _, warmupFailures) = await LatencyComparison.NonStreamedAsync(probe, gatewayOff, gatewayOn, settings.Warmup, cancellationToken);
        await LatencyComparison.NonStreamedAsync(probe, siloOff, siloOn, settings.Warmup, cancellationToken);
        await LatencyComparison.StreamedAsync(probe, gatewayOff, gatewayOn, Math.Max(1, settings.Warmup / 10), cancellationToken);
        if (warmupFailures == settings.Warmup * 2)
        {
            await Console.Error.WriteLineAsync("Every warm-up request failed: are both clusters up, serving the model?");
            return 1;
        }

        // Idle first (timers, scrapes), then the same requests to both sides: the processor time each side used is comparable.
        await Task.WhenAll(meters.Select(m => m.MeasureIdleAsync(TimeSpan.FromSeconds(settings.IdleSeconds), cancellationToken)));
        foreach (var meter in meters)
        {
            meter.Start();
        }

        var gateway = await LatencyComparison.NonStreamedAsync(probe, gatewayOff, gatewayOn, settings.Pairs, cancellationToken);
        var newSessions = await LatencyComparison.NonStreamedAsync(probe, gatewayOff, gatewayOn, settings.Pairs, cancellationToken, (pair, target) => $"{target.Name}-{pair}");
        var silo = await LatencyComparison.NonStreamedAsync(probe, siloOff, siloOn, settings.Pairs, cancellationToken);
        var failures = gateway.Failures + newSessions.Failures + silo.Failures;
        var gatewayRow = TelemetryReport.LatencyRow("gateway, stateless", gateway.Direct, gateway.Gateway);
        var sessionRow = TelemetryReport.LatencyRow("gateway, a new session every request", newSessions.Direct, newSessions.Gateway);
        TelemetryReport.Latency(settings, failures, [gatewayRow, sessionRow, TelemetryReport.LatencyRow("silo directly, stateless", silo.Direct, silo.Gateway)]);
        TelemetryReport.Cpu([.. meters.Select(m => (m.Name, m.Stop()))]);

        var (streamOff, streamOn, streamFailures) = await LatencyComparison.StreamedAsync(probe, gatewayOff, gatewayOn, settings.StreamPairs, cancellationToken);
        TelemetryReport.Streamed(settings, streamOff, streamOn, streamFailures);

        var throughputProbe = new ChatProbe(settings with { MaxTokens = baseline.ThroughputMaxTokens });
        var ratios = new List<(int Clients, double Ratio)>();
        TelemetryReport.ThroughputHead(settings, baseline);
        foreach (var clients in settings.Concurrencies)
        {
            var (off, on, failed) = await ThroughputComparison.RunAsync(
                throughputProbe, siloOff, siloOn, clients, TimeSpan.FromSeconds(settings.BlockSeconds), settings.Rounds, cancellationToken);
            TelemetryReport.ThroughputRow(clients, off, on, failed);
            ratios.Add((clients, on / off));
            failures += failed;
        }

        TelemetryReport.Goals(gatewayRow, sessionRow, ratios);
        return failures + streamFailures == 0 ? 0 : 1;
    }
}
