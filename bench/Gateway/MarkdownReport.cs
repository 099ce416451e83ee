using System.Globalization;
using System.Runtime.InteropServices;

namespace Cluster.Bench.Gateway;

/// <summary>Prints the results as markdown: absolute figures of both targets, the time the gateway adds and the ratio.</summary>
internal static class MarkdownReport
{
    public static void Header(BenchSettings settings, IEnumerable<string> arguments)
    {
        Line("# Gateway overhead");
        Line();
        Line($"Command: `cluster-bench-gateway {string.Join(' ', arguments)}`");
        Line($"Machine: {MachineLine()}; {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        Line($"Targets: direct {settings.Silo}, gateway {settings.Gateway}; model {settings.Model}.");
        Line();
    }

    public static void NonStreamed(BenchSettings settings, List<double> direct, List<double> gateway, int failures, string kind = "stateless")
    {
        Line($"## Non-streamed chat completion, {kind} (max_tokens {settings.MaxTokens}, temperature 0): {settings.Pairs} interleaved pairs, one request at a time, {failures} failures");
        Line();
        TableHead();
        var (d, g) = (new Percentiles(direct), new Percentiles(gateway));
        Row("p50 ms", d.P50, g.P50);
        Row("p90 ms", d.P90, g.P90);
        Row("p99 ms", d.P99, g.P99);
        Row("mean ms", d.Mean, g.Mean);
        if (direct.Count == gateway.Count)
        {
            var paired = new Percentiles(direct.Zip(gateway, (a, b) => b - a));
            Line(F($"| median of per-pair differences ms | | | {paired.P50:+0.000;-0.000} | |"));
        }

        Line();
    }

    public static void Streamed(BenchSettings settings, List<StreamTiming> direct, List<StreamTiming> gateway, int failures)
    {
        Line($"## Streamed chat completion ({settings.StreamTokens} tokens, ignore_eos, temperature 0): {settings.StreamPairs} interleaved pairs, {failures} failures");
        Line();
        TableHead();
        var (dFirst, gFirst) = (new Percentiles(direct.Select(t => t.FirstChunk)), new Percentiles(gateway.Select(t => t.FirstChunk)));
        var (dGap, gGap) = (new Percentiles(direct.SelectMany(t => t.Gaps)), new Percentiles(gateway.SelectMany(t => t.Gaps)));
        Row("time to first token p50 ms", dFirst.P50, gFirst.P50);
        Row("time to first token p99 ms", dFirst.P99, gFirst.P99);
        Row("between chunks p50 ms", dGap.P50, gGap.P50);
        Row("between chunks p99 ms", dGap.P99, gGap.P99);
        Line();
    }

    public static void ThroughputHead(BenchSettings settings)
    {
        Line($"## Throughput (non-streamed, max_tokens {settings.MaxTokens}, closed loop): {settings.Rounds} alternating blocks of {settings.BlockSeconds:0.#} s per target");
        Line();
        Line("| clients | direct req/s | gateway req/s | gateway / direct | failures |");
        Line("| ---: | ---: | ---: | ---: | ---: |");
    }

    public static void ThroughputRow(int concurrency, double direct, double gateway, int failures) =>
        Line(F($"| {concurrency} | {direct:F1} | {gateway:F1} | {gateway / direct:F3} | {failures} |"));

    private static void TableHead()
    {
        Line("| | direct | gateway | added (gateway − direct) | gateway / direct |");
        Line("| --- | ---: | ---: | ---: | ---: |");
    }

    private static void Row(string name, double direct, double gateway) =>
        Line(F($"| {name} | {direct:F3} | {gateway:F3} | {gateway - direct:+0.000;-0.000} | {gateway / direct:F3} |"));

    /// <summary>Cores, CPU, OS and runtime of this machine.</summary>
    public static string MachineLine() =>
        $"{Environment.ProcessorCount} cores (nproc), CPU {CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";

    public static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static void Line(string text = "") => Console.WriteLine(text);

    private static string CpuModel()
    {
        const string file = "/proc/cpuinfo";
        var line = File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
