using System.Runtime.InteropServices;
using Cluster.Inference.Native;

namespace Cluster.Inference.Models;

/// <summary>Bridges llama.cpp's load progress callback to IProgress and a cancellation token.</summary>
internal sealed unsafe class ModelLoadProgress(IProgress<float>? progress, CancellationToken cancellationToken) : IDisposable
{
    private readonly IProgress<float>? _progress = progress;
    private readonly CancellationToken _cancellationToken = cancellationToken;
    private GCHandle _self;

    public void Apply(ref LlamaModelParams parameters)
    {
        if (_progress is null && !_cancellationToken.CanBeCanceled)
        {
            return;
        }

        _self = GCHandle.Alloc(this);
        parameters.ProgressCallback = &OnProgress;
        parameters.ProgressCallbackUserData = (void*)GCHandle.ToIntPtr(_self);
    }

    public void Dispose()
    {
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    [UnmanagedCallersOnly]
    private static byte OnProgress(float value, void* userData)
    {
        var observer = (ModelLoadProgress)GCHandle.FromIntPtr((nint)userData).Target!;
        observer._progress?.Report(value);
        return observer._cancellationToken.IsCancellationRequested ? (byte)0 : (byte)1;
    }
}
