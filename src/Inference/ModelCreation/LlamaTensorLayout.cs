namespace Cluster.Inference.ModelCreation;

/// <summary>The tensors of a Llama model, with llama.cpp's names and ggml-order shapes (<c>[row length, rows]</c>).</summary>
internal static class LlamaTensorLayout
{
    /// <summary>Lists the tensors a preset needs; norms are 1-D, everything else a 2-D weight.</summary>
    public static IReadOnlyList<(string Name, long[] Shape)> For(ModelPreset preset, int vocabularySize)
    {
        long embd = preset.EmbeddingLength;
        long kv = preset.KvEmbeddingLength;
        long ff = preset.FeedForwardLength;
        var tensors = new List<(string Name, long[] Shape)>
        {
            ("token_embd.weight", [embd, vocabularySize]),
            ("output_norm.weight", [embd]),
        };
        if (!preset.TiedEmbeddings)
        {
            tensors.Add(("output.weight", [embd, vocabularySize]));
        }

        for (var i = 0; i < preset.BlockCount; i++)
        {
            tensors.Add(($"blk.{i}.attn_norm.weight", [embd]));
            tensors.Add(($"blk.{i}.attn_q.weight", [embd, embd]));
            tensors.Add(($"blk.{i}.attn_k.weight", [embd, kv]));
            tensors.Add(($"blk.{i}.attn_v.weight", [embd, kv]));
            tensors.Add(($"blk.{i}.attn_output.weight", [embd, embd]));
            tensors.Add(($"blk.{i}.ffn_norm.weight", [embd]));
            tensors.Add(($"blk.{i}.ffn_gate.weight", [embd, ff]));
            tensors.Add(($"blk.{i}.ffn_up.weight", [embd, ff]));
            tensors.Add(($"blk.{i}.ffn_down.weight", [ff, embd]));
        }

        return tensors;
    }
}
