namespace Cluster.Grains.Models;

/// <summary>Lifecycle of a model grain.</summary>
public enum ModelGrainStatus
{
    /// <summary>Weights are being loaded; requests get 503.</summary>
    Loading,

    /// <summary>Serving.</summary>
    Ready,

    /// <summary>Finishing its work; new requests get 503.</summary>
    Draining,

    /// <summary>Loading failed; requests get 503.</summary>
    Failed,
}
