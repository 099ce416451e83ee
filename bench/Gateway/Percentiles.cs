namespace Cluster.Bench.Gateway;

/// <summary>Nearest-rank percentiles of a sample.</summary>
internal sealed class Percentiles
{
    private readonly double[] _sorted;

    public Percentiles(IEnumerable<double> values) => _sorted = [.. values.Order()];

    /// <summary>Values in the sample.</summary>
    public int Count => _sorted.Length;

    /// <summary>The p50.</summary>
    public double P50 => At(0.50);

    /// <summary>The p90.</summary>
    public double P90 => At(0.90);

    /// <summary>The p99.</summary>
    public double P99 => At(0.99);

    /// <summary>The arithmetic mean.</summary>
    public double Mean => _sorted.Length == 0 ? double.NaN : _sorted.Average();

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0..1).</summary>
    public double At(double p) => _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(p * _sorted.Length) - 1, 0, _sorted.Length - 1)];
}
