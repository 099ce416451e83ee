namespace Cluster.Grains.Sessions;

/// <summary>A session as operators see it (GET /admin/sessions).</summary>
/// <param name="Key">Its grain key.</param>
/// <param name="Model">Its model ("" before its first turn).</param>
/// <param name="Silo">The name of the silo it lives on.</param>
/// <param name="Messages">Messages in its history.</param>
/// <param name="HistoryTokens">Tokens its KV holds.</param>
/// <param name="UpdatedAt">When its last turn ended.</param>
[GenerateSerializer, Immutable, Alias("cluster.session-summary")]
public sealed record SessionSummary(
    [property: Id(0)] string Key,
    [property: Id(1)] string Model,
    [property: Id(2)] string Silo,
    [property: Id(3)] int Messages,
    [property: Id(4)] int HistoryTokens,
    [property: Id(5)] DateTimeOffset? UpdatedAt);
