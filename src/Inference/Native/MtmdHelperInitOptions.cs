using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

/// <summary>Mirror of mtmd_helper_init_opt (only video options, unused for images).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MtmdHelperInitOptions
{
    /// <summary>Target frames per second for video.</summary>
    public float FpsTarget;

    /// <summary>Folder of ffmpeg binaries.</summary>
    public nint FfmpegDirectory;

    /// <summary>Timestamp interval for video.</summary>
    public long TimestampIntervalMs;
}
