using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Routing;

/// <summary>Sends a chat to the silo that last served its leading messages, unless that silo is loaded beyond the margin over the least loaded one.</summary>
internal sealed partial class PrefixAffinityRoutingPolicy(
    PrefixAffinityTable table,
    IOptions<RoutingOptions> options,
    ILogger<PrefixAffinityRoutingPolicy> logger) : IRoutingPolicy
{
    public string Name => "prefix";

    public ValueTask<RouteDecision?> SelectAsync(RoutingContext context, CancellationToken cancellationToken)
    {
        if (context.Request.PrefixHashes.Count == 0 || table.FindLongest(context.Request.PrefixHashes) is not { } hit)
        {
            return ValueTask.FromResult<RouteDecision?>(null);
        }

        var target = context.Candidates.FirstOrDefault(s => s.Name == hit.SiloName);
        if (target is null)
        {
            return ValueTask.FromResult<RouteDecision?>(null);
        }

        var least = context.LeastLoaded();
        var excess = context.LoadOf(target) - context.LoadOf(least);
        if (excess > options.Value.PrefixLoadMargin)
        {
            // The hot-spot guard: a popular prefix must not pile every request onto one silo.
            LogGuard(logger, target.Name, excess);
            return ValueTask.FromResult<RouteDecision?>(null);
        }

        return ValueTask.FromResult<RouteDecision?>(new RouteDecision(target, RouteKind.Prefix));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Prefix affinity to silo {SiloName} skipped: its load exceeds the least loaded by {Excess:F2}")]
    private static partial void LogGuard(ILogger logger, string siloName, double excess);
}
