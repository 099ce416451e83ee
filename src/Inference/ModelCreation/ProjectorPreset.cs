using System.Diagnostics.CodeAnalysis;

namespace Cluster.Inference.ModelCreation;

/// <summary>The shape of a LLaVA-style vision projector (a CLIP ViT encoder plus a two-layer GELU MLP) to create with random weights.</summary>
/// <param name="Name">The preset name used on command lines, e.g. <c>tiny</c>.</param>
/// <param name="ImageSize">The side of the square image the encoder sees, in pixels.</param>
/// <param name="PatchSize">The side of one patch, in pixels; the image becomes (ImageSize/PatchSize)² tokens.</param>
/// <param name="EmbeddingLength">The encoder's hidden size.</param>
/// <param name="BlockCount">The number of encoder layers (LLaVA runs all but the last).</param>
/// <param name="HeadCount">The number of attention heads.</param>
/// <param name="FeedForwardLength">The encoder's feed-forward size (must differ from the hidden size).</param>
public sealed record ProjectorPreset(
    string Name, int ImageSize, int PatchSize, int EmbeddingLength, int BlockCount, int HeadCount, int FeedForwardLength)
{
    /// <summary>Gets a toy encoder (64×64 images, 8-pixel patches: 64 image tokens) that encodes in milliseconds on a CPU.</summary>
    public static ProjectorPreset Tiny { get; } = new("tiny", 64, 8, 64, 2, 4, 128);

    /// <summary>Gets the shape of CLIP ViT-L/14 at 336 pixels (LLaVA-1.5's encoder: 576 image tokens).</summary>
    public static ProjectorPreset ClipVitL14336 { get; } = new("clip-vit-l-14-336", 336, 14, 1024, 24, 16, 4096);

    /// <summary>Gets every preset, smallest first.</summary>
    public static IReadOnlyList<ProjectorPreset> All { get; } = [Tiny, ClipVitL14336];

    /// <summary>Gets the number of patches one image becomes, which is its number of tokens in the text model.</summary>
    public int PatchCount => (ImageSize / PatchSize) * (ImageSize / PatchSize);

    /// <summary>Finds a preset by name, ignoring case; returns false when there is none.</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out ProjectorPreset? preset)
    {
        preset = All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        return preset is not null;
    }
}
