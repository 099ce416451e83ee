namespace Cluster.Inference.ModelCreation;

/// <summary>
/// The tensors of a LLaVA-1.5 projector GGUF as llama.cpp's clip loader names them (<c>v.*</c> encoder, <c>mm.0</c>/<c>mm.2</c>
/// MLP), with ggml-order shapes.
/// </summary>
internal static class ProjectorTensorLayout
{
    /// <summary>How a tensor is filled: random weights, ones (norm scales) or zeros (biases).</summary>
    public enum Fill
    {
        /// <summary>Random F16 weights.</summary>
        Random,

        /// <summary>F32 ones.</summary>
        Ones,

        /// <summary>F32 zeros.</summary>
        Zeros,
    }

    /// <summary>Lists the tensors of <paramref name="preset"/> projecting into a text model <paramref name="textEmbeddingLength"/> wide.</summary>
    public static IReadOnlyList<(string Name, long[] Shape, Fill Fill)> For(ProjectorPreset preset, int textEmbeddingLength)
    {
        long embd = preset.EmbeddingLength;
        long ff = preset.FeedForwardLength;
        long text = textEmbeddingLength;
        long patch = preset.PatchSize;
        var tensors = new List<(string, long[], Fill)>
        {
            ("v.patch_embd.weight", [patch, patch, 3, embd], Fill.Random),
            ("v.class_embd", [embd], Fill.Zeros),
            ("v.position_embd.weight", [embd, preset.PatchCount + 1], Fill.Random),
            ("v.pre_ln.weight", [embd], Fill.Ones),
            ("v.pre_ln.bias", [embd], Fill.Zeros),
        };
        for (var i = 0; i < preset.BlockCount; i++)
        {
            foreach (var projection in (string[])["attn_q", "attn_k", "attn_v", "attn_out"])
            {
                tensors.Add(($"v.blk.{i}.{projection}.weight", [embd, embd], Fill.Random));
                tensors.Add(($"v.blk.{i}.{projection}.bias", [embd], Fill.Zeros));
            }

            tensors.Add(($"v.blk.{i}.ln1.weight", [embd], Fill.Ones));
            tensors.Add(($"v.blk.{i}.ln1.bias", [embd], Fill.Zeros));
            tensors.Add(($"v.blk.{i}.ln2.weight", [embd], Fill.Ones));
            tensors.Add(($"v.blk.{i}.ln2.bias", [embd], Fill.Zeros));
            tensors.Add(($"v.blk.{i}.ffn_up.weight", [embd, ff], Fill.Random));
            tensors.Add(($"v.blk.{i}.ffn_up.bias", [ff], Fill.Zeros));
            tensors.Add(($"v.blk.{i}.ffn_down.weight", [ff, embd], Fill.Random));
            tensors.Add(($"v.blk.{i}.ffn_down.bias", [embd], Fill.Zeros));
        }

        tensors.Add(("mm.0.weight", [embd, text], Fill.Random));
        tensors.Add(("mm.0.bias", [text], Fill.Zeros));
        tensors.Add(("mm.2.weight", [text, text], Fill.Random));
        tensors.Add(("mm.2.bias", [text], Fill.Zeros));
        return tensors;
    }
}
