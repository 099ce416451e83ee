namespace Cluster.Bench.Gateway;

/// <summary>What one benchmark run measures.</summary>
/// <param name="Silo">The silo's base URL (direct).</param>
/// <param name="Gateway">The gateway's base URL, forwarding to that silo.</param>
/// <param name="Model">The model id.</param>
/// <param name="Secret">The cluster secret, sent on direct calls to the silo as a gateway sends it.</param>
/// <param name="Warmup">Requests per target before anything is timed.</param>
/// <param name="Pairs">Non-streamed request pairs (one direct, one through the gateway, order alternating).</param>
/// <param name="MaxTokens">max_tokens of a non-streamed request: small, so model time is small and equal for both.</param>
/// <param name="StreamPairs">Streamed request pairs.</param>
/// <param name="StreamTokens">Tokens per streamed answer (ignore_eos, so every stream has as many chunks).</param>
/// <param name="Concurrencies">Concurrent clients of the throughput runs.</param>
/// <param name="BlockSeconds">Length of one throughput block; blocks alternate between the targets.</param>
/// <param name="Rounds">Blocks per target and concurrency.</param>
/// <param name="IdleSeconds">How long each process's processor time is read without requests, before an on/off comparison's pairs.</param>
internal sealed record BenchSettings(
    Uri Silo,
    Uri Gateway,
    string Model,
    string Secret,
    int Warmup,
    int Pairs,
    int MaxTokens,
    int StreamPairs,
    int StreamTokens,
    IReadOnlyList<int> Concurrencies,
    double BlockSeconds,
    int Rounds,
    double IdleSeconds = 10);
