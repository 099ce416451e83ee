using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

/// <summary>Mirror of mtmd_context_params (96 bytes on x64; bools as bytes so the struct stays blittable).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MtmdContextParams
{
    /// <summary>Run the projector on the GPU when one is there.</summary>
    public byte UseGpu;

    /// <summary>A specific ggml device, or null for the default.</summary>
    public nint Device;

    /// <summary>Print encode timings to the log.</summary>
    public byte PrintTimings;

    /// <summary>CPU threads for the projector.</summary>
    public int ThreadCount;

    /// <summary>Deprecated image marker.</summary>
    public nint ImageMarker;

    /// <summary>The media marker (null = <c>&lt;__media__&gt;</c>).</summary>
    public nint MediaMarker;

    /// <summary>llama_flash_attn_type for the projector.</summary>
    public int FlashAttentionType;

    /// <summary>Run a warm-up encode at load.</summary>
    public byte Warmup;

    /// <summary>Minimum image tokens (dynamic-resolution models).</summary>
    public int ImageMinTokens;

    /// <summary>Maximum image tokens (dynamic-resolution models).</summary>
    public int ImageMaxTokens;

    /// <summary>Scheduler eval callback.</summary>
    public nint EvalCallback;

    /// <summary>Its user data.</summary>
    public nint EvalCallbackUserData;

    /// <summary>Maximum output tokens of one batched encode.</summary>
    public int BatchMaxTokens;

    /// <summary>Load progress callback.</summary>
    public nint ProgressCallback;

    /// <summary>Its user data.</summary>
    public nint ProgressCallbackUserData;
}
