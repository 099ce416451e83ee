using Cluster.Inference.Models;
using Cluster.Inference.Native;

namespace Cluster.Grains.Models;

/// <summary>
/// The GPUs one model uses, resolved from its settings: <c>Gpus</c>, or <c>TensorParallel</c> GPUs from <c>MainGpu</c>, or
/// <c>MainGpu</c> alone; the split mode defaults to Layer over several GPUs and None over one.
/// </summary>
/// <param name="SplitMode">How the model is split.</param>
/// <param name="Gpus">The GPUs named by the settings, in order; empty when the settings name none but <c>MainGpu</c>.</param>
/// <param name="MainGpu">The model's GPU (None) or the one with its KV (Row).</param>
/// <param name="TensorSplit">The share of each of <paramref name="Gpus"/>; empty: by free memory.</param>
/// <param name="Explicit">True when the settings ask for GPUs (anything but the default <c>MainGpu</c> 0), so a machine without them is an error.</param>
public sealed record GpuPlacement(LlamaSplitMode SplitMode, IReadOnlyList<int> Gpus, int MainGpu, IReadOnlyList<float> TensorSplit, bool Explicit)
{
    /// <summary>Resolves a model's settings (checked first with <see cref="GpuPlacementValidator"/>).</summary>
    public static GpuPlacement From(ModelHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<int> gpus = options.Gpus.Count > 0 ? [.. options.Gpus]
            : options.TensorParallel is > 1 and var count ? [.. Enumerable.Range(options.MainGpu, count)]
            : [];
        var split = options.SplitMode ?? (gpus.Count > 1 ? LlamaSplitMode.Layer : LlamaSplitMode.None);
        var main = gpus.Count == 0 || gpus.Contains(options.MainGpu) ? options.MainGpu : gpus[0];
        var explicitly = gpus.Count > 0 || options.MainGpu != 0 || split != LlamaSplitMode.None;
        return new GpuPlacement(split, gpus, main, [.. options.TensorSplit], explicitly);
    }

    /// <summary>The load options for llama.cpp; <paramref name="gpuLayers"/> 0 keeps the model on the CPU.</summary>
    public ModelLoadOptions ToLoadOptions(int gpuLayers) => gpuLayers == 0
        ? new ModelLoadOptions { GpuLayers = 0 }
        : new ModelLoadOptions { GpuLayers = gpuLayers, MainGpu = MainGpu, SplitMode = SplitMode, Gpus = Gpus, TensorSplit = TensorSplit };

    /// <summary>The GPUs the loaded model occupies on a machine with <paramref name="gpuCount"/> GPUs; empty on the CPU.</summary>
    public IReadOnlyList<int> Occupied(int gpuLayers, int gpuCount) =>
        gpuLayers == 0 || gpuCount == 0 ? []
        : Gpus.Count > 0 ? Gpus
        : SplitMode == LlamaSplitMode.None ? [MainGpu]
        : [.. Enumerable.Range(0, gpuCount)];

    /// <summary>What is wrong with this placement on a machine with <paramref name="gpuCount"/> GPUs; each message names the setting.</summary>
    public IEnumerable<string> CheckAgainst(int gpuCount, string key)
    {
        if (!Explicit && gpuCount == 0)
        {
            yield break;
        }

        var seen = gpuCount == 0 ? "llama.cpp lists no GPU (a CPU build of llama.cpp, or CUDA_VISIBLE_DEVICES hides them)" : $"llama.cpp lists {gpuCount} GPUs (0 to {gpuCount - 1})";
        foreach (var gpu in Gpus.Where(gpu => gpu >= gpuCount))
        {
            yield return $"{key}: GPU {gpu} does not exist: {seen}; set {key}:Gpus (or --tp, {key}:MainGpu) to GPUs that exist";
        }

        if (Gpus.Count == 0 && MainGpu >= gpuCount)
        {
            yield return $"{key}:MainGpu is {MainGpu} but {seen}; set it to a GPU that exists, or {key}:GpuLayers to 0 to run on the CPU";
        }
    }
}
