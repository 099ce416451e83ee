using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

/// <summary>Mirror of llama_model_params, field for field in C order.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaModelParams
{
    /// <summary>NULL-terminated list of devices to offload to; null means all.</summary>
    public nint Devices;

    /// <summary>NULL-terminated buffer-type overrides by tensor name pattern.</summary>
    public nint TensorBufferTypeOverrides;

    /// <summary>Layers kept in VRAM; negative means all.</summary>
    public int GpuLayerCount;

    /// <summary>How to split over several GPUs.</summary>
    public LlamaSplitMode SplitMode;

    /// <summary>How weights are read.</summary>
    public LlamaLoadMode LoadMode;

    /// <summary>On-demand tensor reading.</summary>
    public LlamaLazyMode LazyMode;

    /// <summary>The GPU used when SplitMode is None.</summary>
    public int MainGpu;

    /// <summary>Per-device proportions, llama_max_devices() floats.</summary>
    public float* TensorSplit;

    /// <summary>Progress callback (0..1); returning false aborts the load.</summary>
    public delegate* unmanaged<float, void*, byte> ProgressCallback;

    /// <summary>User data passed to ProgressCallback.</summary>
    public void* ProgressCallbackUserData;

    /// <summary>Metadata overrides.</summary>
    public nint KvOverrides;

    /// <summary>Load the vocabulary only.</summary>
    public bool VocabOnly;

    /// <summary>Validate tensor data.</summary>
    public bool CheckTensors;

    /// <summary>Use extra buffer types (weight repacking).</summary>
    public bool UseExtraBufferTypes;

    /// <summary>Bypass the host buffer.</summary>
    public bool NoHost;

    /// <summary>Simulate allocations only.</summary>
    public bool NoAlloc;

    /// <summary>Load multi-token-prediction layers.</summary>
    public bool LoadMtp;
}
