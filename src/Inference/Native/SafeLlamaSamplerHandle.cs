using Microsoft.Win32.SafeHandles;

namespace Cluster.Inference.Native;

/// <summary>Owns a llama_sampler* (a chain; samplers added to it are owned by the chain).</summary>
internal sealed class SafeLlamaSamplerHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Creates an empty handle (set by interop).</summary>
    public SafeLlamaSamplerHandle()
        : base(ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_sampler_free(handle);
        return true;
    }
}
