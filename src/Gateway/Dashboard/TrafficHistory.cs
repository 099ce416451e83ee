namespace Cluster.Gateway.Dashboard;

/// <summary>The last <see cref="Seconds"/> seconds of traffic, one bucket per second: requests and stream TTFTs from the forwarder, output tokens from <see cref="TrafficSampler"/>.</summary>
internal sealed class TrafficHistory(TimeProvider time)
{
    /// <summary>How many seconds are kept.</summary>
    public const int Seconds = 180;

    // Per second at most this many TTFT samples count toward its percentiles (a busy second is still well described).
    private const int SamplesPerSecond = 256;

    private readonly Lock _lock = new();
    private readonly Bucket[] _buckets = [.. Enumerable.Range(0, Seconds).Select(_ => new Bucket())];

    /// <summary>Counts an answered request, with the time to its first byte when it was a stream.</summary>
    public void RecordRequest(TimeSpan? timeToFirstToken)
    {
        lock (_lock)
        {
            var bucket = Current();
            bucket.Requests++;
            if (timeToFirstToken is { } ttft && bucket.TtftMs.Count < SamplesPerSecond)
            {
                bucket.TtftMs.Add(ttft.TotalMilliseconds);
            }
        }
    }

    /// <summary>Adds tokens generated since the previous sample.</summary>
    public void RecordTokens(long tokens)
    {
        lock (_lock)
        {
            Current().OutputTokens += tokens;
        }
    }

    /// <summary>Every kept second, oldest first (empty seconds as zeros).</summary>
    public TrafficPoint[] Read()
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var points = new TrafficPoint[Seconds];
        lock (_lock)
        {
            for (var i = 0; i < Seconds; i++)
            {
                var second = now - Seconds + 1 + i;
                var bucket = _buckets[Index(second)];
                points[i] = bucket.Second == second
                    ? new TrafficPoint(second * 1000, bucket.Requests, bucket.OutputTokens, Percentile(bucket.TtftMs, 0.50), Percentile(bucket.TtftMs, 0.95))
                    : new TrafficPoint(second * 1000, 0, 0, null, null);
            }
        }

        return points;
    }

    private Bucket Current()
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        var bucket = _buckets[Index(second)];
        if (bucket.Second != second)
        {
            bucket.Second = second;
            bucket.Requests = 0;
            bucket.OutputTokens = 0;
            bucket.TtftMs.Clear();
        }

        return bucket;
    }

    private static int Index(long second) => (int)(second % Seconds);

    // Nearest rank.
    private static double? Percentile(List<double> samples, double quantile)
    {
        if (samples.Count == 0)
        {
            return null;
        }

        var sorted = samples.Order().ToArray();
        return Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1)], 2);
    }

    private sealed class Bucket
    {
        public long Second { get; set; } = -1;

        public int Requests { get; set; }

        public long OutputTokens { get; set; }

        public List<double> TtftMs { get; } = [];
    }
}
