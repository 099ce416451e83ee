using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Cluster.Inference.Sampling;

namespace Cluster.Bench.Decode;

/// <summary>
/// Where a host-sampled row's time goes, without a model (rows of Llama-3's 128,256 logits, its three
/// end-of-generation tokens banned): each pass of a top_p draw over one row on one thread, and the fixed cost of
/// handing a job to the sampling threads, hot (jobs back to back) and after they went to sleep (a step's GPU wait).
/// </summary>
internal static class SamplingProfileBenchmark
{
    /// <summary>Llama-3's vocabulary, the size of every served model's rows here.</summary>
    public const int Vocabulary = 128_256;

    /// <summary>Llama-3's end-of-generation tokens, banned in every serving benchmark (ignore_eos).</summary>
    public static readonly int[] Banned = [128_001, 128_008, 128_009];

    private const int Rows = 16;

    public static int Run(int threads, int repetitions, CancellationToken cancellationToken)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"µs per row of {Vocabulary} logits on one thread, best of {repetitions} passes over {Rows} rows ({Environment.ProcessorCount} cores)"));
        Console.WriteLine();
        Console.WriteLine("| shape | max | weigh at T=1 (exp) | exp alone | chunk sums | bucket | histogram | top_p 0.95 search (bucket, histogram, boundary bucket) | weigh at T=0.8 under the nucleus | draw |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var shape in new[] { "flat", "peaked" })
        {
            cancellationToken.ThrowIfCancellationRequested();
            Console.WriteLine($"| {shape} | {string.Join(" | ", Passes(shape, repetitions).Select(cost => cost.ToString("F0", CultureInfo.InvariantCulture)))} |");
        }

        Console.WriteLine();
        using var workers = new SamplingWorkers(threads);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"µs to run an empty job of {threads} indices on {threads} sampling threads (median of 200)"));
        Console.WriteLine();
        Console.WriteLine("| threads hot (jobs back to back) | threads asleep (5 ms after the last job) |");
        Console.WriteLine("| ---: | ---: |");
        var hot = Handoff(workers, idle: TimeSpan.Zero);
        var asleep = Handoff(workers, idle: TimeSpan.FromMilliseconds(5));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {hot:F1} | {asleep:F1} |"));
        return 0;
    }

    private static double[] Passes(string shape, int repetitions)
    {
        var rows = Enumerable.Range(0, Rows).Select(seed => SamplingBenchmark.Row(shape, Vocabulary, seed)).ToArray();
        var maxes = rows.Select(row => RowKernels.FiniteMax(row)).ToArray();
        var weights = new float[Vocabulary];
        var buckets = new int[Vocabulary];
        var sums = new double[(Vocabulary + CumulativeWeights.Chunk - 1) / CumulativeWeights.Chunk];
        var bucketWeights = new double[RankThreshold.Buckets + 1];
        var bucketCounts = new int[RankThreshold.Buckets + 1];
        
        var threshold = new RankThreshold();
        var weighed = rows.Select((row, i) => Weighed(row, maxes[i])).ToArray();
        var nucleus = rows.Select((row, i) => Nucleus(threshold, row, maxes[i], weighed[i])).ToArray();
        double PerRow(Action<int> pass) => SamplingBenchmark.Time(repetitions, () =>
        {
            for (var i = 0; i < Rows; i++)
            {
                pass(i);
            }
        }) * 1e6 / Rows;

        return
        [
            PerRow(i => RowKernels.FiniteMax(rows[i])),
            PerRow(i => RowKernels.Weigh(rows[i], maxes[i], 1f, RankCutoff.Everything, weights)),
            PerRow(i => TensorPrimitives.Exp(rows[i], weights)),
            PerRow(i => CumulativeWeights.ChunkSums(weights, sums)),
            PerRow(i => RowKernels.Bucket(rows[i], RankCutoff.Everything, buckets)),
            PerRow(i =>
            {
                Array.Clear(bucketWeights);
                Array.Clear(bucketCounts);
                RankThreshold.Histogram(buckets, weights, bucketWeights, bucketCounts);
            }),
            PerRow(i => Nucleus(threshold, rows[i], maxes[i], weighed[i])),
            PerRow(i => RowKernels.Weigh(rows[i], maxes[i], 1f / 0.8f, nucleus[i], weights)),
            PerRow(i =>
            {
                CumulativeWeights.ChunkSums(weights, sums);
                CumulativeWeights.FindCumulative(weights, 0.5 * CumulativeWeights.Total(sums), sums);
            }),
        ];
    }

    private static float[] Weighed(float[] row, float max)
    {
        var weights = new float[row.Length];
        RowKernels.Weigh(row, max, 1f, RankCutoff.Everything, weights);
        return weights;
    }

    // Top-p 0.95's cutoff as HostSampler.Truncate finds it in the row weighed at temperature 1.
    private static RankCutoff Nucleus(RankThreshold threshold, float[] row, float max, float[] weights)
    {
        var mass = CumulativeWeights.Sum(weights);
        var lightest = RankCutoff.AtLeast(max + (float)Math.Log(0.5 * 0.05 * mass / row.Length));
        return threshold.Find(row, weights, lightest, 0.95 * mass);
    }

    private static double Handoff(SamplingWorkers workers, TimeSpan idle)
    {
        var samples = new double[200];
        for (var i = 0; i < samples.Length; i++)
        {
            if (idle > TimeSpan.Zero)
            {
                Thread.Sleep(idle);
            }

            var clock = Stopwatch.StartNew();
            workers.Run(workers.Threads, static _ => { });
            samples[i] = clock.Elapsed.TotalMicroseconds;
        }

        Array.Sort(samples);
        return samples[samples.Length / 2];
    }
}
