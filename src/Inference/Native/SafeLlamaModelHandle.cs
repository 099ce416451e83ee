using Microsoft.Win32.SafeHandles;

namespace Cluster.Inference.Native;

/// <summary>Owns a llama_model*.</summary>
internal sealed class SafeLlamaModelHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Creates an empty handle (set by interop).</summary>
    public SafeLlamaModelHandle()
        : base(ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_model_free(handle);
        return true;
    }
}
