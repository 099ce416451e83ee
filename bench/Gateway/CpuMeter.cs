using System.Diagnostics;

namespace Cluster.Bench.Gateway;

/// <summary>
/// The processor time that the telemetry-on and telemetry-off processes of one kind (silos or gateways, on this machine) use
/// over a stretch of identical work: what the on process uses beyond the other is telemetry's cost, whatever else runs meanwhile.
/// </summary>
internal sealed class CpuMeter(string name, int onPid, int offPid)
{
    private TimeSpan _onStart;
    private TimeSpan _offStart;

    /// <summary>Silos or gateways.</summary>
    public string Name { get; } = name;

    public void Start() => (_onStart, _offStart) = (Used(onPid), Used(offPid));

    /// <summary>Seconds used since <see cref="Start"/> by the on and the off process.</summary>
    public (double On, double Off) Stop() => ((Used(onPid) - _onStart).TotalSeconds, (Used(offPid) - _offStart).TotalSeconds);

    private static TimeSpan Used(int pid)
    {
        using var process = Process.GetProcessById(pid);
        return process.TotalProcessorTime;
    }
}
