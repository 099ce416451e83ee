namespace Cluster.Grains.Models;

/// <summary>The outcome of adding or removing a LoRA adapter on one silo.</summary>
public enum AdapterChangeStatus
{
    /// <summary>Done.</summary>
    Done,

    /// <summary>The silo does not serve the base model, or has no adapter of that name.</summary>
    NotFound,

    /// <summary>The settings or the file are wrong (the message says which); nothing changed.</summary>
    Invalid,

    /// <summary>An adapter or alias of that name already exists.</summary>
    Conflict,

    /// <summary>Requests are using the adapter; it stays until they end.</summary>
    InUse,

    /// <summary>The base model is not ready (loading, draining or failed).</summary>
    NotReady,
}
