namespace Cluster.Inference.Multimodal;

/// <summary>
/// An image inside a prompt: the run of prompt positions its embeddings take. The prompt holds placeholder tokens
/// there, derived from the image's hash, so equal images give equal token runs and a cached prefix covers them.
/// </summary>
/// <param name="Start">The first prompt position of the image.</param>
/// <param name="Count">The number of positions (one embedding each).</param>
/// <param name="Embeddings">The projector's output: <paramref name="Count"/> rows of the text model's embedding width.</param>
/// <param name="Id">The image's id (SHA-256 of the file's bytes).</param>
public sealed record ImageSpan(int Start, int Count, float[] Embeddings, string Id)
{
    /// <summary>The first position after the image.</summary>
    public int End => Start + Count;

    /// <summary>Equal when the position, the id and every embedding value are.</summary>
    public bool Equals(ImageSpan? other) =>
        other is not null && Start == other.Start && Count == other.Count && Id == other.Id && Embeddings.AsSpan().SequenceEqual(other.Embeddings);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Start, Count, Id);
}
