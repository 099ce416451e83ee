using System.Text.RegularExpressions;

namespace Cluster.Bench.Gateway;

/// <summary>
/// What share of a process's busy time telemetry took, by kind, from a <see cref="SpeedscopeProfile"/>: busy is managed code running
/// (idle thread-pool spinning and waits left out) plus llama.cpp's decode; a stretch counts as telemetry by what its stack holds.
/// </summary>
internal static partial class TelemetryProfile
{
    public static void Print(IEnumerable<string> paths)
    {
        MarkdownReport.Line("| profile | busy ms | telemetry | metric reading: Orleans dashboard (1/s) | metric reading: /metrics scrapes | Orleans dashboard grain-call filter | metric recording per request | spans per request |");
        MarkdownReport.Line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var path in paths)
        {
            var (busy, kinds) = Measure(SpeedscopeProfile.Load(path));
            var telemetry = kinds.Values.Sum();
            string Share(double ms) => MarkdownReport.F($"{ms:F0} ms ({100 * ms / busy:F1} %)");
            MarkdownReport.Line($"| {Path.GetFileName(path)} | {busy:F0} | {Share(telemetry)} | {Share(Get(kinds, Kind.DashboardReader))} | {Share(Get(kinds, Kind.Scrape))} | "
                + $"{Share(Get(kinds, Kind.DashboardFilter))} | {Share(Get(kinds, Kind.Recording))} | {Share(Get(kinds, Kind.Spans))} |");
        }
    }

    private enum Kind
    {
        DashboardReader,
        Scrape,
        DashboardFilter,
        Recording,
        Spans,
    }

    private static double Get(Dictionary<Kind, double> kinds, Kind kind) => kinds.GetValueOrDefault(kind);

    private static (double Busy, Dictionary<Kind, double> Kinds) Measure(SpeedscopeProfile profile)
    {
        var (busy, kinds) = (0.0, new Dictionary<Kind, double>());
        profile.Walk((names, ms) =>
        {
            var leaf = names[^1];
            if (leaf == "CPU_TIME" && !IsIdle(names))
            {
                busy += ms;
                if (Classify(names) is { } kind)
                {
                    kinds[kind] = Get(kinds, kind) + ms;
                }
            }
            else if (leaf == "UNMANAGED_CODE_TIME" && names.Any(n => n.Contains("llama_decode", StringComparison.Ordinal)))
            {
                busy += ms;
            }
        });
        return (busy, kinds);
    }

    /// <summary>Whether a CPU_TIME stretch is a thread-pool thread spinning or waiting rather than work.</summary>
    public static bool IsIdle(IReadOnlyList<string> names) => names.Count > 1 && Idle().IsMatch(names[^2]);

    private static Kind? Classify(IReadOnlyList<string> names)
    {
        if (names.Any(n => n.Contains("PeriodicExportingMetricReaderThreadWorker", StringComparison.Ordinal)))
        {
            return Kind.DashboardReader; // the Orleans dashboard's own meter provider is the only periodic reader without OTLP
        }

        if (names.Any(n => n.Contains("PrometheusCollectionManager", StringComparison.Ordinal) || n.Contains("MetricReader.Collect", StringComparison.Ordinal)))
        {
            return Kind.Scrape;
        }

        // The code running: the innermost frame outside the runtime's general-purpose assemblies.
        var owner = names.LastOrDefault(n => !Runtime().IsMatch(n));
        if (owner is null || !TelemetryCode().IsMatch(owner))
        {
            return null;
        }

        return owner.StartsWith("Orleans.Dashboard", StringComparison.Ordinal) ? Kind.DashboardFilter
            : owner.Contains("Activity", StringComparison.Ordinal) || owner.Contains("DiagnosticsHandler", StringComparison.Ordinal) || owner.Contains("HttpInListener", StringComparison.Ordinal) ? Kind.Spans
            : Kind.Recording;
    }

    [GeneratedRegex(@"LowLevelLifoSemaphore|LowLevelSpinWaiter|WorkerThreadStart|SpinWait|PollGC|WaitOneNoCheck|Monitor\.Wait|SemaphoreSlim\.Wait|Thread\.Sleep|WaitForSignal")]
    private static partial Regex Idle();

    [GeneratedRegex(@"^(System\.Private\.CoreLib|System\.Collections|System\.Linq|System\.Runtime|System\.Threading|System\.Memory|\?|CPU_TIME|UNMANAGED_CODE_TIME)")]
    private static partial Regex Runtime();

    [GeneratedRegex(@"^(OpenTelemetry|Orleans\.Dashboard|System\.Diagnostics\.DiagnosticSource)|!System\.Net\.Http\.Metrics\.|HostingMetrics|KestrelMetrics|!System\.Net\.Http\.DiagnosticsHandler")]
    private static partial Regex TelemetryCode();
}
