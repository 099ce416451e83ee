using System.Runtime.InteropServices;
using System.Text;

namespace Cluster.Inference.Native;

/// <summary>Lists the backend devices llama.cpp registered (CPU, CUDA GPUs, ...).</summary>
public static unsafe class LlamaDevices
{
    /// <summary>Every registered device with its memory.</summary>
    public static IReadOnlyList<LlamaDeviceInfo> List()
    {
        var count = (int)LlamaNative.ggml_backend_dev_count();
        var devices = new List<LlamaDeviceInfo>(count);
        for (var i = 0; i < count; i++)
        {
            var device = LlamaNative.ggml_backend_dev_get((nuint)i);
            LlamaNative.ggml_backend_dev_memory(device, out var free, out var total);
            devices.Add(new LlamaDeviceInfo(
                Text(LlamaNative.ggml_backend_dev_name(device)),
                Text(LlamaNative.ggml_backend_dev_description(device)),
                LlamaNative.ggml_backend_dev_type(device),
                (long)free,
                (long)total));
        }

        return devices;
    }

    /// <summary>The GPUs (ggml type GPU) in llama.cpp's order: GPU index N in the settings is the N-th of them.</summary>
    public static IReadOnlyList<LlamaDeviceInfo> Gpus() => [.. List().Where(device => device.Type == GgmlDeviceType.Gpu)];

    /// <summary>The native handles of the GPUs, indexed as <see cref="Gpus"/>.</summary>
    internal static IReadOnlyList<nint> GpuHandles()
    {
        var handles = new List<nint>();
        for (var i = 0; i < (int)LlamaNative.ggml_backend_dev_count(); i++)
        {
            var device = LlamaNative.ggml_backend_dev_get((nuint)i);
            if (LlamaNative.ggml_backend_dev_type(device) == GgmlDeviceType.Gpu)
            {
                handles.Add(device);
            }
        }

        return handles;
    }

    private static string Text(byte* value) =>
        value is null ? string.Empty : Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(value));
}
