namespace Cluster.Gateway.Dashboard;

/// <summary>One second of traffic in the dashboard's charts.</summary>
/// <param name="At">The second's start, Unix milliseconds.</param>
/// <param name="Requests">/v1 requests answered in it.</param>
/// <param name="OutputTokens">Tokens the silos generated in it.</param>
/// <param name="TtftP50Ms">Median time to first token of the streams answered in it, null without streams.</param>
/// <param name="TtftP95Ms">95th percentile of the same.</param>
internal sealed record TrafficPoint(long At, int Requests, long OutputTokens, double? TtftP50Ms, double? TtftP95Ms);
