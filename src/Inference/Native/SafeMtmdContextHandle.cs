using Microsoft.Win32.SafeHandles;

namespace Cluster.Inference.Native;

/// <summary>Owns an mtmd_context* (a loaded vision projector).</summary>
internal sealed class SafeMtmdContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Creates a handle that owns <paramref name="context"/>.</summary>
    public SafeMtmdContextHandle(nint context)
        : base(ownsHandle: true) => SetHandle(context);

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        LlamaNative.mtmd_free(handle);
        return true;
    }
}
