using Cluster.Inference.Native;

namespace Cluster.Inference.Multimodal;

/// <summary>A tokenized prompt with images: text tokens and image placeholders, and where each image's embeddings go.</summary>
/// <param name="Tokens">The prompt, with <see cref="ImageSpan"/> placeholders where the images are.</param>
/// <param name="Images">The images in prompt order.</param>
public sealed record MultimodalPrompt(IReadOnlyList<LlamaToken> Tokens, IReadOnlyList<ImageSpan> Images)
{
    /// <summary>Prompt positions taken by images.</summary>
    public int ImageTokenCount => Images.Sum(image => image.Count);
}
