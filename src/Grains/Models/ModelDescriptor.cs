using Cluster.Inference.Native;

namespace Cluster.Grains.Models;

/// <summary>What a model grain serves.</summary>
/// <param name="ModelId">The id clients use.</param>
/// <param name="FilePath">The GGUF file.</param>
/// <param name="Description">llama.cpp's description (architecture, size, type).</param>
/// <param name="ContextPerSequence">Tokens one request may use, prompt and output together.</param>
/// <param name="ParallelSequences">Sequences decoded together.</param>
/// <param name="ContextLengthTrained">The model's trained context.</param>
/// <param name="ParameterCount">Number of parameters.</param>
/// <param name="SizeBytes">Bytes of weights.</param>
/// <param name="Device">Device names, e.g. "CUDA0 NVIDIA H200, CUDA1 NVIDIA H200" or "CPU".</param>
/// <param name="Gpus">The GPUs the model occupies (indexes among llama.cpp's GPUs); empty on the CPU.</param>
/// <param name="SplitMode">How it is split over <paramref name="Gpus"/>.</param>
public sealed record ModelDescriptor(
    string ModelId,
    string FilePath,
    string Description,
    int ContextPerSequence,
    int ParallelSequences,
    int ContextLengthTrained,
    long ParameterCount,
    long SizeBytes,
    string Device,
    IReadOnlyList<int> Gpus,
    LlamaSplitMode SplitMode);
