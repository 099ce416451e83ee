namespace Cluster.Inference.Native;

/// <summary>A sequence id inside one context (llama_seq_id): one slot of KV memory.</summary>
/// <param name="Value">The sequence index, 0 to n_seq_max - 1; negative means "every sequence" where llama.h allows it.</param>
public readonly record struct LlamaSeqId(int Value)
{
    /// <inheritdoc/>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
