namespace Cluster.Inference.Native;

/// <summary>A token position inside a sequence (llama_pos).</summary>
/// <param name="Value">The 0-based position; -1 where llama.h reports an empty sequence.</param>
public readonly record struct LlamaPos(int Value)
{
    /// <inheritdoc/>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
