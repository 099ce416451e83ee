namespace Cluster.Grains.Models;

/// <summary>
/// A LoRA adapter served next to a base model (<c>Silo:Models:N:Adapters:M:*</c>, or the body of
/// <c>POST /admin/models/{model}/adapters</c>): requests name it <c>base:Name</c> or by one of its aliases.
/// </summary>
[GenerateSerializer, Alias("cluster.lora-adapter-options")]
public sealed record LoraAdapterOptions
{
    /// <summary>Its name after <c>base:</c>; letters, digits, '-', '_' and '.'.</summary>
    [Id(0)]
    public string Name { get; init; } = string.Empty;

    /// <summary>The GGUF LoRA adapter file (on the silo's host).</summary>
    [Id(1)]
    public string Path { get; init; } = string.Empty;

    /// <summary>How strongly it applies; 1 = as trained.</summary>
    [Id(2)]
    public float Scale { get; init; } = 1f;

    /// <summary>Other model names that select it, e.g. "support-bot".</summary>
    [Id(3)]
    public IList<string> Aliases { get; init; } = [];
}
