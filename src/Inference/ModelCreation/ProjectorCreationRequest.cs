namespace Cluster.Inference.ModelCreation;

/// <summary>What vision projector (mmproj GGUF) to create and where.</summary>
/// <param name="Preset">The encoder shape.</param>
/// <param name="TextEmbeddingLength">The hidden size of the text model the projector feeds (its output width).</param>
/// <param name="Seed">The seed the weights derive from; the same seed gives a byte-identical file.</param>
/// <param name="OutputPath">Where to write the projector.</param>
public sealed record ProjectorCreationRequest(ProjectorPreset Preset, int TextEmbeddingLength, ulong Seed, string OutputPath);
