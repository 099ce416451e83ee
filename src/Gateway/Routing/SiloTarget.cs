using Cluster.Grains.Models;

namespace Cluster.Gateway.Routing;

/// <summary>A silo as routing sees it for one request's model: where to send it, and that model's state there.</summary>
/// <param name="Name">The silo's name (sent to clients as x-cluster-silo; YARP's destination id).</param>
/// <param name="HttpAddress">The base URL of its data plane.</param>
/// <param name="Draining">True while it takes no new sessions.</param>
/// <param name="Model">The request's model on it, when the catalog knows it ready there; null for a session owner the catalog has not seen yet.</param>
public sealed record SiloTarget(string Name, string HttpAddress, bool Draining, ModelInfo? Model)
{
    /// <summary>The model's reported load as a fraction of its slots, 0 when unknown.</summary>
    public double ReportedLoad => Model?.Load ?? 0;

    /// <summary>The model's slots there (at least 1).</summary>
    public int Slots => Math.Max(1, Model?.Slots ?? 1);
}
