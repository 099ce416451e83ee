using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Cluster.Inference.Telemetry;

/// <summary>
/// The engine's traces and per-request metrics, through System.Diagnostics only (an exporter, if any, lives in the host):
/// a span per generation with its queue wait, prefill and decode times and token counts; time to first token, inter-token
/// latency, prompt, cached and output tokens.
/// </summary>
public static class InferenceTelemetry
{
    /// <summary>The name of the engine's meter and activity source.</summary>
    public const string Name = "Cluster.Inference";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    internal static readonly Histogram<double> TimeToFirstToken = Meter.CreateHistogram(
        "cluster.inference.time_to_first_token", "s", "From submission to the first output token.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    internal static readonly Histogram<double> InterTokenLatency = Meter.CreateHistogram(
        "cluster.inference.inter_token_latency", "s", "Between two output tokens of one sequence.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28] });

    internal static readonly Counter<long> OutputTokens = Meter.CreateCounter<long>("cluster.inference.output_tokens", "{token}", "Tokens generated.");

    internal static readonly Counter<long> PromptTokens = Meter.CreateCounter<long>("cluster.inference.prompt_tokens", "{token}", "Prompt tokens of finished generations.");

    internal static readonly Counter<long> CachedTokens = Meter.CreateCounter<long>("cluster.inference.cached_tokens", "{token}", "Prompt tokens found in the KV cache (prefix or session) instead of prefilled.");

    internal static readonly Counter<long> Generations = Meter.CreateCounter<long>("cluster.inference.generations", "{generation}", "Finished generations by finish reason.");
}
