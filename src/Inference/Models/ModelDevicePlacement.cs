using System.Runtime.InteropServices;
using Cluster.Inference.Native;

namespace Cluster.Inference.Models;

/// <summary>
/// Puts a model's GPU list, split mode and tensor split into llama_model_params: the native arrays (a NULL-terminated
/// device list, llama_max_devices() split floats) live until disposed, i.e. for the duration of the load call.
/// </summary>
internal sealed unsafe class ModelDevicePlacement : IDisposable
{
    private nint* _devices;
    private float* _split;

    public void Apply(ModelLoadOptions options, ref LlamaModelParams parameters)
    {
        parameters.GpuLayerCount = options.GpuLayers;
        parameters.SplitMode = options.SplitMode;
        parameters.MainGpu = options.MainGpu;
        if (options.Gpus.Count == 0)
        {
            return;
        }

        var gpus = LlamaDevices.GpuHandles();
        _devices = (nint*)NativeMemory.AllocZeroed((nuint)(options.Gpus.Count + 1), (nuint)sizeof(nint));
        for (var i = 0; i < options.Gpus.Count; i++)
        {
            _devices[i] = options.Gpus[i] < gpus.Count
                ? gpus[options.Gpus[i]]
                : throw new ModelLoadException($"GPU {options.Gpus[i]} does not exist: llama.cpp lists {gpus.Count} GPUs");
        }

        parameters.Devices = (nint)_devices;

        // With a device list, main_gpu indexes that list, not every GPU.
        parameters.MainGpu = Math.Max(0, IndexOf(options.Gpus, options.MainGpu));
        if (options.TensorSplit.Count > 0)
        {
            var slots = (int)LlamaNative.llama_max_devices();
            _split = (float*)NativeMemory.AllocZeroed((nuint)slots, sizeof(float));
            for (var i = 0; i < Math.Min(slots, options.TensorSplit.Count); i++)
            {
                _split[i] = options.TensorSplit[i];
            }

            parameters.TensorSplit = _split;
        }
    }

    public void Dispose()
    {
        NativeMemory.Free(_devices);
        NativeMemory.Free(_split);
        _devices = null;
        _split = null;
    }

    private static int IndexOf(IReadOnlyList<int> gpus, int gpu)
    {
        for (var i = 0; i < gpus.Count; i++)
        {
            if (gpus[i] == gpu)
            {
                return i;
            }
        }

        return -1;
    }
}
