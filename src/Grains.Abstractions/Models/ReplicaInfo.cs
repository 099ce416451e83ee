namespace Cluster.Grains.Models;

/// <summary>One replica of a model on a silo: its own weights, context and scheduler on its own GPUs.</summary>
/// <param name="Index">Its place among the model's replicas (0 first).</param>
/// <param name="Status">Whether it serves.</param>
/// <param name="Gpus">The GPUs it occupies; empty on the CPU.</param>
/// <param name="ActiveSequences">Sequences prefilling or decoding.</param>
/// <param name="QueuedRequests">Requests waiting for a slot.</param>
/// <param name="InFlight">Requests routed to it that have not ended.</param>
/// <param name="Admitted">Requests it accepted since the silo started.</param>
/// <param name="GeneratedTokens">Output tokens its current scheduler generated.</param>
/// <param name="Sessions">Sessions whose KV it keeps.</param>
/// <param name="FailureReason">Why it does not serve, else null.</param>
[GenerateSerializer, Immutable, Alias("cluster.replica-info")]
public sealed record ReplicaInfo(
    [property: Id(0)] int Index,
    [property: Id(1)] ModelStatus Status,
    [property: Id(2)] IReadOnlyList<int> Gpus,
    [property: Id(3)] int ActiveSequences,
    [property: Id(4)] int QueuedRequests,
    [property: Id(5)] int InFlight,
    [property: Id(6)] long Admitted,
    [property: Id(7)] long GeneratedTokens,
    [property: Id(8)] int Sessions,
    [property: Id(9)] string? FailureReason);
