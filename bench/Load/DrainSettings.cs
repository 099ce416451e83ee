namespace Cluster.Bench.Load;

/// <summary>
/// The shape of a drain run: sessions and turns each, the silo drained and the one that receives, the cluster secret (for
/// the first turns sent to the drained silo directly), the receiving silo's log (its "KV arrived" lines) and how long to wait.
/// </summary>
internal sealed record DrainSettings(int Sessions, int Turns, string From, string To, string Secret, string KvLog, TimeSpan Timeout);
