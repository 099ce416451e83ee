namespace Cluster.Bench.Gateway;

/// <summary>A second cluster, the same as the measured one but for one setting (telemetry off), that a comparison run measures against.</summary>
/// <param name="Silo">Its silo's base URL (direct).</param>
/// <param name="Gateway">Its gateway's base URL, forwarding to that silo.</param>
/// <param name="Secret">Its cluster secret, sent on direct calls to its silo.</param>
/// <param name="ThroughputMaxTokens">max_tokens of the throughput runs (decode-heavy, where the latency pairs keep it small).</param>
internal sealed record BaselineCluster(Uri Silo, Uri Gateway, string Secret, int ThroughputMaxTokens);
