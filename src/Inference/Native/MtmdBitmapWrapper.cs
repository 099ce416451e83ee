using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

/// <summary>Mirror of mtmd_helper_bitmap_wrapper.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MtmdBitmapWrapper
{
    /// <summary>The bitmap, null when the buffer could not be decoded.</summary>
    public nint Bitmap;

    /// <summary>A video context (never set for images).</summary>
    public nint Video;
}
