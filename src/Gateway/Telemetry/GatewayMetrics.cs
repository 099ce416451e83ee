using System.Diagnostics.Metrics;

namespace Cluster.Gateway.Telemetry;

/// <summary>The gateway's meter: requests by route and status, routing decisions by reason, failovers by reason, time to first token of streams.</summary>
internal sealed class GatewayMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Cluster.Gateway";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _failovers;
    private readonly Histogram<double> _timeToFirstToken;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("cluster.gateway.requests", "{request}", "Requests to /v1 by route and status code.");
        _decisions = meter.CreateCounter<long>("cluster.gateway.routing_decisions", "{decision}", "Silos chosen, by the rule that chose them (session, prefix, load).");
        _failovers = meter.CreateCounter<long>("cluster.gateway.failovers", "{attempt}",
            "Requests sent again: to another silo after a refusal or 503 (retry), to a session's new owner (session_moved, session_recovery).");
        _timeToFirstToken = meter.CreateHistogram("cluster.gateway.time_to_first_token", "s", "From the request's arrival to the first byte of a streamed answer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
    }

    public void RecordRequest(string route, int status) =>
        _requests.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("status", status));

    public void RecordDecision(string reason) => _decisions.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RecordFailover(string reason) => _failovers.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RecordTimeToFirstToken(TimeSpan elapsed) => _timeToFirstToken.Record(elapsed.TotalSeconds);
}
