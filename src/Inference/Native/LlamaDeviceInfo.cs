namespace Cluster.Inference.Native;

/// <summary>One ggml backend device.</summary>
/// <param name="Name">Short name, e.g. "CUDA0".</param>
/// <param name="Description">Long name, e.g. "NVIDIA H200".</param>
/// <param name="Type">Kind of device.</param>
/// <param name="FreeBytes">Free memory.</param>
/// <param name="TotalBytes">Total memory.</param>
public sealed record LlamaDeviceInfo(string Name, string Description, GgmlDeviceType Type, long FreeBytes, long TotalBytes);
