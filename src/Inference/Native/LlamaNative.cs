namespace Cluster.Inference.Native;

/// <summary>The llama.cpp C API (llama.h of node-llama-cpp 3.22.1's bundled source), one partial file per area.</summary>
/// <remarks>Library names are logical; <see cref="LlamaLibrary"/> maps them to files on disk.</remarks>
internal static unsafe partial class LlamaNative
{
    /// <summary>Logical name of libllama.</summary>
    internal const string Llama = "llama";

    /// <summary>Logical name of libggml (backend registry).</summary>
    internal const string Ggml = "ggml";

    /// <summary>Logical name of libggml-base (devices, logging).</summary>
    internal const string GgmlBase = "ggml-base";

    /// <summary>LLAMA_DEFAULT_SEED: asks a sampler for a random seed.</summary>
    internal const uint DefaultSeed = 0xFFFFFFFF;
}
