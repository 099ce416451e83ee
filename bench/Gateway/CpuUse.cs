namespace Cluster.Bench.Gateway;

/// <summary>Processor seconds the on and off processes used over <paramref name="Seconds"/> of wall time, their idle rates and the requests each served.</summary>
internal sealed record CpuUse(double On, double Off, double Seconds, (double On, double Off) IdlePerSecond, int Requests)
{
    /// <summary>Microseconds per request once the idle rate over the stretch is taken out, for the on and the off side.</summary>
    public (double On, double Off) PerRequestMicroseconds =>
        (1e6 * (On - (IdlePerSecond.On * Seconds)) / Requests, 1e6 * (Off - (IdlePerSecond.Off * Seconds)) / Requests);
}
