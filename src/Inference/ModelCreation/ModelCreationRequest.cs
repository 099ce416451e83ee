using Cluster.Inference.Native;

namespace Cluster.Inference.ModelCreation;

/// <summary>What model to create and where.</summary>
/// <param name="Preset">The model shape.</param>
/// <param name="WeightType">The element type of the 2-D weights.</param>
/// <param name="Seed">The seed the weights derive from; the same seed gives a byte-identical file.</param>
/// <param name="VocabularyPath">A GGUF file whose <c>tokenizer.*</c> metadata is copied, e.g. <c>ggml-vocab-llama-bpe.gguf</c>.</param>
/// <param name="OutputPath">Where to write the model.</param>
/// <param name="Pooling">None writes a chat model; Mean, Cls or Last an embedding model (that pooling in its GGUF, no chat template).</param>
public sealed record ModelCreationRequest(
    ModelPreset Preset,
    ModelWeightType WeightType,
    ulong Seed,
    string VocabularyPath,
    string OutputPath,
    LlamaPoolingType Pooling = LlamaPoolingType.None);
