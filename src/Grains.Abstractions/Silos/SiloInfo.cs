using Cluster.Grains.Models;

namespace Cluster.Grains.Silos;

/// <summary>A silo's self-description, read by gateways (routing, /v1/models, /admin) and by session placement.</summary>
/// <param name="Name">The silo's name (Orleans SiloName, e.g. "silo-1").</param>
/// <param name="Address">Its Orleans address in parsable form (the <see cref="ISiloGrain"/> key).</param>
/// <param name="HttpAddress">The base URL of its data plane (OpenAI API), e.g. "http://10.0.0.5:8080".</param>
/// <param name="Models">Its models with their load.</param>
/// <param name="Sessions">Session activations on it.</param>
/// <param name="Draining">True while it is drained: it takes no new sessions and moves its sessions away.</param>
/// <param name="GpuName">Its device, e.g. "NVIDIA H200" or "CPU".</param>
/// <param name="GpuMemoryBytes">Device memory, 0 when unknown.</param>
[GenerateSerializer, Immutable, Alias("cluster.silo-info")]
public sealed record SiloInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] string Address,
    [property: Id(2)] string HttpAddress,
    [property: Id(3)] IReadOnlyList<ModelInfo> Models,
    [property: Id(4)] int Sessions,
    [property: Id(5)] bool Draining,
    [property: Id(6)] string GpuName,
    [property: Id(7)] long GpuMemoryBytes)
{
    /// <summary>True when every model serves (none loading, failed or with a dead scheduler).</summary>
    public bool Healthy => Models.Count > 0 && Models.All(model => model.Status == ModelStatus.Ready);

    /// <summary>The ready model with this id or serving this adapter name, or null.</summary>
    public ModelInfo? ReadyModel(string modelId) => Models.FirstOrDefault(model => model.Status == ModelStatus.Ready && model.Serves(modelId));
}
