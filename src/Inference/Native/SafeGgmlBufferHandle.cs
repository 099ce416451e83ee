using Microsoft.Win32.SafeHandles;

namespace Cluster.Inference.Native;

/// <summary>Owns a ggml_backend_buffer_t.</summary>
internal sealed class SafeGgmlBufferHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Creates an empty handle (set by interop).</summary>
    public SafeGgmlBufferHandle()
        : base(ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        LlamaNative.ggml_backend_buffer_free(handle);
        return true;
    }
}
