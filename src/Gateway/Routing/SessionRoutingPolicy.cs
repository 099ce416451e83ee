using Cluster.Gateway.Sessions;
using Cluster.Grains.Sessions;
using Cluster.Grains.Silos;

namespace Cluster.Gateway.Routing;

/// <summary>Sends a session's turn to the silo its grain lives on (placing a new session through Orleans); refuses another key's session or another model.</summary>
internal sealed class SessionRoutingPolicy(SessionLocator locator, SiloCatalog catalog) : IRoutingPolicy
{
    public string Name => "session";

    public async ValueTask<RouteDecision?> SelectAsync(RoutingContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.SessionKey is not { } key)
        {
            return null;
        }

        var location = await locator.LocateAsync(key, request.Caller, request.Model!, cancellationToken);
        switch (location?.Status)
        {
            case SessionLocationStatus.Found:
                return new RouteDecision(TargetOf(location, request.Model!), RouteKind.Session);
            case SessionLocationStatus.NotFound:
                context.Refuse(RouteOutcome.SessionNotFound);
                return null;
            case SessionLocationStatus.OtherModel:
                context.Refuse(RouteOutcome.SessionModelMismatch);
                return null;
            default:
                context.Refuse(RouteOutcome.NoSiloAvailable);
                return null;
        }
    }

    private SiloTarget TargetOf(SessionLocation location, string model) => catalog.FindByAddress(location.Silo) is { } silo
        ? new SiloTarget(silo.Name, location.HttpAddress.Length > 0 ? location.HttpAddress : silo.HttpAddress, silo.Draining, silo.ReadyModel(model))
        : new SiloTarget(location.Silo, location.HttpAddress, Draining: false, Model: null);
}
