using System.Text.Json;
using Cluster.Gateway.Cluster;
using Cluster.Gateway.Errors;
using Cluster.Gateway.Nodes;
using Cluster.Gateway.Routing;
using Cluster.Grains.Models;
using Cluster.Grains.Silos;

namespace Cluster.Gateway.Api;

/// <summary>LMDeploy's proxy node API (admin key): GET /nodes/status, POST /nodes/add, POST /nodes/remove?node_url=…; external OpenAI-compatible servers next to the cluster's silos.</summary>
internal static class NodesApi
{
    /// <summary>Maps the node endpoints onto <paramref name="nodes"/> (the /nodes group).</summary>
    public static RouteGroupBuilder MapNodesApi(this RouteGroupBuilder nodes)
    {
        nodes.MapGet("/status", Status);
        nodes.MapPost("/add", AddAsync);
        nodes.MapPost("/remove", RemoveAsync);
        return nodes;
    }

    /// <summary>Every node by URL: the silos (their data-plane address) and the external nodes.</summary>
    private static Dictionary<string, NodeStatusView> Status(SiloCatalog catalog, SiloHealth health, ExternalNodeDirectory external, SiloLoadTracker tracker)
    {
        var status = new Dictionary<string, NodeStatusView>(StringComparer.Ordinal);
        foreach (var silo in catalog.Silos)
        {
            status[silo.HttpAddress] = new NodeStatusView([.. silo.Models.Where(m => m.Status == ModelStatus.Ready).Select(m => m.ModelId)],
                tracker.InFlightTo(silo.Name), [], null, "silo", silo.Name, health.IsHealthy(silo.Name) && !silo.Draining, null);
        }

        foreach (var node in external.All)
        {
            status[node.Url] = new NodeStatusView(node.Models, tracker.InFlightTo(node.Name), [], node.Speed, "external", node.Name, node.Healthy, node.LastError);
        }

        return status;
    }

    /// <summary>Reads the node's /v1/models and routes its models to it; answers LMDeploy's "Added successfully".</summary>
    private static async Task<IResult> AddAsync(HttpRequest request, ExternalNodeDirectory external, CancellationToken cancellationToken)
    {
        NodeAddRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, GatewayJsonContext.Default.NodeAddRequest, cancellationToken);
        }
        catch (JsonException)
        {
            return OpenAIErrorResult.BadRequest("The body must be a JSON object: {\"url\": \"http://host:port\", \"status\": {\"models\": [...]}} (status optional).");
        }

        if (NodeUrl.Normalize(body?.Url) is not { } url)
        {
            return OpenAIErrorResult.BadRequest($"url '{body?.Url}' is not an http(s) base URL such as http://10.0.0.5:23333.", "url");
        }

        var (_, error) = await external.AddAsync(url, body!.Status?.Models, body.Status?.Speed, cancellationToken);
        return error is null ? TypedResults.Ok("Added successfully") : OpenAIErrorResult.BadRequest(error, "url");
    }

    /// <summary>Stops routing to the node; answers LMDeploy's "Deleted successfully", or 404 for a URL never added.</summary>
    private static async Task<IResult> RemoveAsync(string? node_url, ExternalNodeDirectory external, CancellationToken cancellationToken)
    {
        if (NodeUrl.Normalize(node_url) is not { } url)
        {
            return OpenAIErrorResult.BadRequest($"node_url '{node_url}' is not an http(s) base URL such as http://10.0.0.5:23333.", "node_url");
        }

        return await external.RemoveAsync(url, cancellationToken)
            ? TypedResults.Ok("Deleted successfully")
            : OpenAIErrorResult.NotFound($"No external node {url} was added (silos leave the cluster through /admin/nodes/{{name}}/drain and shutdown).", "node_not_found", "node_url");
    }
}
