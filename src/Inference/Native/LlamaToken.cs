namespace Cluster.Inference.Native;

/// <summary>A token id of the model's vocabulary (llama_token).</summary>
/// <param name="Value">The vocabulary index.</param>
public readonly record struct LlamaToken(int Value)
{
    /// <summary>The null token (LLAMA_TOKEN_NULL), returned where no token exists.</summary>
    public static readonly LlamaToken Null = new(-1);

    /// <inheritdoc/>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
