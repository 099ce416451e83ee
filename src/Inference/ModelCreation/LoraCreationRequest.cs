namespace Cluster.Inference.ModelCreation;

/// <summary>What LoRA adapter to create for a generated model, and where.</summary>
/// <param name="Preset">The shape of the base model the adapter is for.</param>
/// <param name="Seed">The seed its matrices derive from; the same seed gives a byte-identical file, another seed another adapter.</param>
/// <param name="Rank">The rank r of every A (r × input) and B (output × r) pair.</param>
/// <param name="Alpha">llama.cpp scales B·A by alpha / rank.</param>
/// <param name="OutputPath">Where to write the adapter.</param>
public sealed record LoraCreationRequest(ModelPreset Preset, ulong Seed, int Rank, float Alpha, string OutputPath);
