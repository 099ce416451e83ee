namespace Cluster.Bench.Gateway;

/// <summary>One latency comparison of telemetry on against off (ms).</summary>
/// <param name="Name">What was sent where.</param>
/// <param name="Off">Latencies with telemetry off.</param>
/// <param name="On">Latencies with telemetry on.</param>
/// <param name="PerPair">On minus off within each alternating pair.</param>
internal sealed record LatencyDelta(string Name, Percentiles Off, Percentiles On, Percentiles PerPair)
{
    /// <summary>What telemetry adds to the p50.</summary>
    public double P50Added => On.P50 - Off.P50;
}
