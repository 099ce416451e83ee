namespace Cluster.Inference.ModelCreation;

/// <summary>What model to create and where.</summary>
/// <param name="Preset">The model shape.</param>
/// <param name="WeightType">The element type of the 2-D weights.</param>
/// <param name="Seed">The seed the weights derive from; the same seed gives a byte-identical file.</param>
/// <param name="VocabularyPath">A GGUF file whose <c>tokenizer.*</c> metadata is copied, e.g. <c>ggml-vocab-llama-bpe.gguf</c>.</param>
/// <param name="OutputPath">Where to write the model.</param>
public sealed record ModelCreationRequest(
    ModelPreset Preset,
    ModelWeightType WeightType,
    ulong Seed,
    string VocabularyPath,
    string OutputPath);
