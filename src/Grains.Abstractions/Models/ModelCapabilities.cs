namespace Cluster.Grains.Models;

/// <summary>What requests a model answers: gateways list them in /v1/models and the playground picks its models by them.</summary>
[Flags]
public enum ModelCapabilities
{
    /// <summary>Nothing known (a model that has not loaded).</summary>
    None = 0,

    /// <summary>/v1/chat/completions, /v1/completions and sessions: a generation model.</summary>
    Chat = 1,

    /// <summary>Images in chat messages: a generation model with a vision projector.</summary>
    Vision = 2,

    /// <summary>/v1/embeddings: an embedding model (its GGUF names a pooling); it generates nothing.</summary>
    Embeddings = 4,
}
