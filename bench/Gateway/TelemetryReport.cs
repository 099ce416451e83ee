namespace Cluster.Bench.Gateway;

/// <summary>Prints a telemetry on/off comparison as markdown, ending with the two goals and whether they are met.</summary>
internal static class TelemetryReport
{
    /// <summary>Most telemetry may add to the gateway's p50 (ms).</summary>
    public const double GatewayP50Goal = 0.1;

    /// <summary>Least share of the silo's throughput that must remain with telemetry on.</summary>
    public const double ThroughputGoal = 0.97;

    public static void Header(BenchSettings settings, BaselineCluster baseline, IEnumerable<string> arguments)
    {
        MarkdownReport.Line("# Telemetry on vs off, side by side");
        MarkdownReport.Line();
        MarkdownReport.Line($"Command: `cluster-bench-gateway {string.Join(' ', arguments)}`");
        MarkdownReport.Line($"Machine: {MarkdownReport.MachineLine()}; {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        MarkdownReport.Line($"Telemetry on: silo {settings.Silo}, gateway {settings.Gateway}. Off: silo {baseline.Silo}, gateway {baseline.Gateway}. Model {settings.Model}.");
        MarkdownReport.Line();
    }

    public static LatencyDelta LatencyRow(string name, List<double> off, List<double> on) =>
        new(name, new Percentiles(off), new Percentiles(on), new Percentiles(off.Count == on.Count ? off.Zip(on, (a, b) => b - a) : []));

    public static void Latency(BenchSettings settings, int failures, IEnumerable<LatencyDelta> rows)
    {
        MarkdownReport.Line($"## Non-streamed latency (max_tokens {settings.MaxTokens}, temperature 0): {settings.Pairs} pairs alternating off/on, one request at a time, {failures} failures");
        MarkdownReport.Line();
        MarkdownReport.Line("| | off p50 ms | on p50 ms | on − off p50 | median per-pair on − off | off p99 | on p99 |");
        MarkdownReport.Line("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            MarkdownReport.Line(MarkdownReport.F(
                $"| {row.Name} | {row.Off.P50:F3} | {row.On.P50:F3} | {row.P50Added:+0.000;-0.000} | {row.PerPair.P50:+0.000;-0.000} | {row.Off.P99:F3} | {row.On.P99:F3} |"));
        }

        MarkdownReport.Line();
    }

    public static void Cpu(IReadOnlyList<(string Name, CpuUse Use)> used)
    {
        if (used.Count == 0)
        {
            return;
        }

        MarkdownReport.Line("Processor time over those pairs (user + system, every thread; both sides served the same requests), and per request once");
        MarkdownReport.Line("each side's idle rate (measured first, without requests: timers, /metrics scrapes) over the same wall time is taken out:");
        MarkdownReport.Line();
        foreach (var (name, use) in used)
        {
            var (onRequest, offRequest) = use.PerRequestMicroseconds;
            MarkdownReport.Line(MarkdownReport.F($"- {name}: on {use.On:F2} s, off {use.Off:F2} s over {use.Seconds:F0} s: telemetry {(use.On / use.Off - 1) * 100:+0.0;-0.0} %; idle on {use.IdlePerSecond.On * 1000:F1}, off {use.IdlePerSecond.Off * 1000:F1} ms per s; per request ({use.Requests} each) on {onRequest:F0} µs, off {offRequest:F0} µs: telemetry {onRequest - offRequest:+0;-0} µs"));
        }

        MarkdownReport.Line();
    }

    public static void Streamed(BenchSettings settings, List<StreamTiming> off, List<StreamTiming> on, int failures)
    {
        MarkdownReport.Line($"## Streamed through the gateway ({settings.StreamTokens} tokens): {settings.StreamPairs} pairs, {failures} failures");
        MarkdownReport.Line();
        var (offFirst, onFirst) = (new Percentiles(off.Select(t => t.FirstChunk)), new Percentiles(on.Select(t => t.FirstChunk)));
        var (offGap, onGap) = (new Percentiles(off.SelectMany(t => t.Gaps)), new Percentiles(on.SelectMany(t => t.Gaps)));
        MarkdownReport.Line("| | off | on | on − off |");
        MarkdownReport.Line("| --- | ---: | ---: | ---: |");
        MarkdownReport.Line(MarkdownReport.F($"| time to first token p50 ms | {offFirst.P50:F3} | {onFirst.P50:F3} | {onFirst.P50 - offFirst.P50:+0.000;-0.000} |"));
        MarkdownReport.Line(MarkdownReport.F($"| between chunks p50 ms | {offGap.P50:F3} | {onGap.P50:F3} | {onGap.P50 - offGap.P50:+0.000;-0.000} |"));
        MarkdownReport.Line();
    }

    public static void ThroughputHead(BenchSettings settings, BaselineCluster baseline)
    {
        MarkdownReport.Line($"## Silo throughput, direct (non-streamed, max_tokens {baseline.ThroughputMaxTokens}, closed loop): {settings.Rounds} alternating blocks of {settings.BlockSeconds:0.#} s per side");
        MarkdownReport.Line();
        MarkdownReport.Line("| clients | off req/s | on req/s | on / off | failures |");
        MarkdownReport.Line("| ---: | ---: | ---: | ---: | ---: |");
    }

    public static void ThroughputRow(int clients, double off, double on, int failures) =>
        MarkdownReport.Line(MarkdownReport.F($"| {clients} | {off:F1} | {on:F1} | {on / off:F3} | {failures} |"));

    public static void Goals(LatencyDelta gateway, LatencyDelta newSessions, IReadOnlyList<(int Clients, double Ratio)> throughput)
    {
        MarkdownReport.Line();
        MarkdownReport.Line("## Goals (issue 14): telemetry on costs at most 0.1 ms of gateway p50 and 3 % of silo throughput");
        MarkdownReport.Line();
        foreach (var row in (LatencyDelta[])[gateway, newSessions])
        {
            MarkdownReport.Line(MarkdownReport.F(
                $"- gateway p50, {row.Name}: {row.P50Added:+0.000;-0.000} ms (per-pair median {row.PerPair.P50:+0.000;-0.000} ms), goal ≤ +{GatewayP50Goal} ms: {Verdict(row.P50Added <= GatewayP50Goal)}"));
        }

        foreach (var (clients, ratio) in throughput)
        {
            MarkdownReport.Line(MarkdownReport.F($"- silo throughput at {clients} clients: {(ratio - 1) * 100:+0.0;-0.0} % with telemetry on, goal ≥ −3 %: {Verdict(ratio >= ThroughputGoal)}"));
        }
    }

    private static string Verdict(bool met) => met ? "**met**" : "**not met**";
}
