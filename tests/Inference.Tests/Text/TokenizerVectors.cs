namespace Cluster.Inference.Tests.Text;

/// <summary>Reads llama.cpp's tokenizer test vectors (copied by the build next to the vocabulary).</summary>
internal static class TokenizerVectors
{
    private static IReadOnlyList<(string Text, int[] Ids)>? s_vectors;

    public static IReadOnlyList<(string Text, int[] Ids)> Load() => s_vectors ??= Read();

    private static List<(string Text, int[] Ids)> Read()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "vocab");
        var inputs = File.ReadAllText(Path.Combine(folder, "ggml-vocab-llama-bpe.gguf.inp")).Split("\n__ggml_vocab_test__\n");
        var outputs = File.ReadAllLines(Path.Combine(folder, "ggml-vocab-llama-bpe.gguf.out"));
        var vectors = new List<(string, int[])>();
        for (var i = 0; i < outputs.Length && i < inputs.Length; i++)
        {
            var ids = outputs[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
            vectors.Add((inputs[i], ids));
        }

        return vectors;
    }
}
