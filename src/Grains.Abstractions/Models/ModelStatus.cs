namespace Cluster.Grains.Models;

/// <summary>Whether a model on a silo serves.</summary>
public enum ModelStatus
{
    /// <summary>Weights are loading.</summary>
    Loading,

    /// <summary>Serving.</summary>
    Ready,

    /// <summary>Finishing its work before the silo stops.</summary>
    Draining,

    /// <summary>Loading failed, or its scheduler loop died: it serves nothing until restarted.</summary>
    Failed,
}
