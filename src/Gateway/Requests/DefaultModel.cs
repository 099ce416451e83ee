using Cluster.Gateway.Routing;
using Cluster.Grains.Silos;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Requests;

/// <summary>
/// The model a request that names none is for, as LMDeploy's single-model api_server assumes: Gateway:Routing:DefaultModel
/// when set, else the only model the cluster serves.
/// </summary>
internal sealed class DefaultModel(SiloCatalog catalog, IOptions<RoutingOptions> routing)
{
    /// <summary>The model to use, or null with the models to choose from (empty when no silo serves any).</summary>
    public string? Resolve(out IReadOnlyList<string> choices)
    {
        choices = [];
        if (routing.Value.DefaultModel is { Length: > 0 } configured)
        {
            return configured;
        }

        var served = catalog.Silos.SelectMany(silo => silo.Models).Select(model => model.ModelId)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (served.Count == 1)
        {
            return served[0];
        }

        choices = served;
        return null;
    }
}
