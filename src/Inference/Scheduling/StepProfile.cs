using System.Diagnostics;

namespace Cluster.Inference.Scheduling;

/// <summary>Where the loop's time goes, per reporting window, phase by phase (<see cref="StepPhase"/>).</summary>
/// <remarks>Owned by the loop thread.</remarks>
internal sealed class StepProfile
{
    private static readonly long Window = Stopwatch.Frequency * 10;
    private readonly long[] _phaseTicks = new long[Enum.GetValues<StepPhase>().Length];
    private long _windowStart = Stopwatch.GetTimestamp();
    private long _phaseStart = Stopwatch.GetTimestamp();
    private long _steps;
    private long _batchTokens;
    private long _outputs;
    private long _microBatches;

    /// <summary>Ends the running phase, charging its time to <paramref name="phase"/>; the next phase starts now.</summary>
    public void End(StepPhase phase)
    {
        var now = Stopwatch.GetTimestamp();
        _phaseTicks[(int)phase] += now - _phaseStart;
        _phaseStart = now;
    }

    /// <summary>Starts timing afresh (after the loop slept waiting for work).</summary>
    public void Restart() => _phaseStart = Stopwatch.GetTimestamp();

    public void CountStep(int batchTokens, int outputs, int microBatches)
    {
        _steps++;
        _microBatches += microBatches;
        _batchTokens += batchTokens;
        _outputs += outputs;
    }

    public bool ShouldReport() => Stopwatch.GetTimestamp() - _windowStart >= Window;

    public StepProfileWindow TakeWindow()
    {
        var steps = Math.Max(1, _steps);
        var perStepMs = 1000.0 / Stopwatch.Frequency / steps;
        double Ms(StepPhase phase) => _phaseTicks[(int)phase] * perStepMs;
        var window = new StepProfileWindow(
            _steps, (double)_batchTokens / steps, (double)_outputs / steps, (double)_microBatches / steps,
            Ms(StepPhase.Housekeeping), Ms(StepPhase.Build), Ms(StepPhase.Submit), Ms(StepPhase.DeviceWait), Ms(StepPhase.Sample), Ms(StepPhase.Emit));
        _steps = _batchTokens = _outputs = _microBatches = 0;
        Array.Clear(_phaseTicks);
        _windowStart = Stopwatch.GetTimestamp();
        return window;
    }
}
