using System.Diagnostics;

namespace Cluster.Bench.Gateway;

/// <summary>
/// The processor time that the telemetry-on and telemetry-off processes of one kind (silos or gateways, on this machine) use
/// over a stretch of identical work: what the on process uses beyond the other is telemetry's cost, whatever else runs meanwhile.
/// Each process also works when idle (timers, /metrics scrapes); that rate is measured first, so the stretch's time can be split
/// into what it used per second of wall time and what it used per request.
/// </summary>
internal sealed class CpuMeter(string name, int onPid, int offPid, int requests)
{
    private (double On, double Off) _idlePerSecond;
    private TimeSpan _onStart;
    private TimeSpan _offStart;
    private long _startedAt;

    /// <summary>Silos or gateways.</summary>
    public string Name { get; } = name;

    /// <summary>Measures each side's processor time per second while no request is sent, for <paramref name="span"/>.</summary>
    public async Task MeasureIdleAsync(TimeSpan span, CancellationToken cancellationToken)
    {
        var (on, off) = (Used(onPid), Used(offPid));
        var at = Stopwatch.GetTimestamp();
        await Task.Delay(span, cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(at).TotalSeconds;
        _idlePerSecond = ((Used(onPid) - on).TotalSeconds / seconds, (Used(offPid) - off).TotalSeconds / seconds);
    }

    public void Start() => (_onStart, _offStart, _startedAt) = (Used(onPid), Used(offPid), Stopwatch.GetTimestamp());

    /// <summary>What each side used since <see cref="Start"/>, with the idle rates and the requests each side served meanwhile.</summary>
    public CpuUse Stop() => new(
        (Used(onPid) - _onStart).TotalSeconds, (Used(offPid) - _offStart).TotalSeconds, Stopwatch.GetElapsedTime(_startedAt).TotalSeconds, _idlePerSecond, requests);

    private static TimeSpan Used(int pid)
    {
        using var process = Process.GetProcessById(pid);
        return process.TotalProcessorTime;
    }
}
