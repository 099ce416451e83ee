using Cluster.Inference.ModelCreation;

namespace Cluster.Silo.Tests.Fixtures;

/// <summary>Writes the tiny demo model (F16, seed 42, Llama-3 tokenizer), or a tiny embedding model of its shape, into a folder.</summary>
public static class TinyModelFile
{
    public static string VocabularyPath => Path.Combine(AppContext.BaseDirectory, "vocab", "ggml-vocab-llama-bpe.gguf");

    /// <summary>Writes folder/tiny.gguf (model id "tiny") and returns its path; another <paramref name="seed"/> gives other weights of the same shape.</summary>
    public static async Task<string> WriteAsync(string folder, ulong seed = 42)
    {
        var path = Path.Combine(folder, "tiny.gguf");
        var request = new ModelCreationRequest(ModelPreset.Tiny, ModelWeightType.F16, seed, VocabularyPath, path);
        await new RandomModelWriter().WriteAsync(request, null, CancellationToken.None);
        return path;
    }

    /// <summary>Writes folder/embed.gguf (model id "embed": the tiny shape, seed 7, mean pooling) and returns its path.</summary>
    public static async Task<string> WriteEmbeddingAsync(string folder)
    {
        var path = Path.Combine(folder, "embed.gguf");
        var request = new ModelCreationRequest(ModelPreset.Tiny, ModelWeightType.F16, 7, VocabularyPath, path, Inference.Native.LlamaPoolingType.Mean);
        await new RandomModelWriter().WriteAsync(request, null, CancellationToken.None);
        return path;
    }
}
