using System.Diagnostics;

namespace Cluster.Inference.Scheduling;

/// <summary>Where the loop's time goes, per reporting window: building the batch, llama_decode, sampling and emitting.</summary>
/// <remarks>Owned by the loop thread.</remarks>
internal sealed class StepProfile
{
    private static readonly long Window = Stopwatch.Frequency * 10;
    private long _windowStart = Stopwatch.GetTimestamp();
    private long _steps;
    private long _batchTokens;
    private long _outputs;
    private long _build;
    private long _decode;
    private long _sampleEmit;

    public void Record(int batchTokens, int outputs, long build, long decode, long sampleEmit)
    {
        _steps++;
        _batchTokens += batchTokens;
        _outputs += outputs;
        _build += build;
        _decode += decode;
        _sampleEmit += sampleEmit;
    }

    public bool ShouldReport() => Stopwatch.GetTimestamp() - _windowStart >= Window;

    public (long Steps, double BatchTokensPerStep, double OutputsPerStep, double BuildMs, double DecodeMs, double SampleEmitMs) TakeWindow()
    {
        var steps = Math.Max(1, _steps);
        var perStepMs = 1000.0 / Stopwatch.Frequency / steps;
        var window = (_steps, (double)_batchTokens / steps, (double)_outputs / steps, _build * perStepMs, _decode * perStepMs, _sampleEmit * perStepMs);
        _steps = _batchTokens = _outputs = _build = _decode = _sampleEmit = 0;
        _windowStart = Stopwatch.GetTimestamp();
        return window;
    }
}
