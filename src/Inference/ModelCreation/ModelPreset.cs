using System.Diagnostics.CodeAnalysis;

namespace Cluster.Inference.ModelCreation;

/// <summary>The shape of a Llama-architecture model to create with random weights.</summary>
/// <param name="Name">The preset name used on command lines and in the model name, e.g. <c>tiny</c>.</param>
/// <param name="EmbeddingLength">The hidden size (<c>n_embd</c>).</param>
/// <param name="BlockCount">The number of transformer layers.</param>
/// <param name="HeadCount">The number of attention (query) heads.</param>
/// <param name="HeadCountKv">The number of key/value heads (grouped-query attention).</param>
/// <param name="FeedForwardLength">The hidden size of the feed-forward network (<c>n_ff</c>).</param>
/// <param name="ContextLength">The context length written as <c>llama.context_length</c>.</param>
/// <param name="RopeFreqBase">The RoPE frequency base.</param>
/// <param name="TiedEmbeddings">Whether the output projection reuses <c>token_embd.weight</c> (no <c>output.weight</c>).</param>
public sealed record ModelPreset(
    string Name,
    int EmbeddingLength,
    int BlockCount,
    int HeadCount,
    int HeadCountKv,
    int FeedForwardLength,
    int ContextLength,
    float RopeFreqBase,
    bool TiedEmbeddings)
{
    /// <summary>Gets a toy model (64 wide, 2 layers) that loads and runs in milliseconds.</summary>
    public static ModelPreset Tiny { get; } = new("tiny", 64, 2, 4, 2, 192, 4096, 500_000f, TiedEmbeddings: true);

    /// <summary>Gets the shape of Llama-3.2-1B.</summary>
    public static ModelPreset Llama1B { get; } = new("1b", 2048, 16, 32, 8, 8192, 8192, 500_000f, TiedEmbeddings: true);

    /// <summary>Gets the shape of Llama-3-8B.</summary>
    public static ModelPreset Llama8B { get; } = new("8b", 4096, 32, 32, 8, 14336, 8192, 500_000f, TiedEmbeddings: false);

    /// <summary>Gets every preset, smallest first.</summary>
    public static IReadOnlyList<ModelPreset> All { get; } = [Tiny, Llama1B, Llama8B];

    /// <summary>Gets the size of one attention head.</summary>
    public int HeadDimension => EmbeddingLength / HeadCount;

    /// <summary>Gets the width of the key and value projections (<c>n_embd_k_gqa</c>).</summary>
    public int KvEmbeddingLength => HeadDimension * HeadCountKv;

    /// <summary>Finds a preset by name, ignoring case; returns false when there is none.</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out ModelPreset? preset)
    {
        preset = All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        return preset is not null;
    }
}
