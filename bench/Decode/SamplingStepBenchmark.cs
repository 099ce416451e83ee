using System.Globalization;
using Cluster.Inference.Sampling;

namespace Cluster.Bench.Decode;

/// <summary>
/// Host sampling cost per scheduler step without a model: µs to sample 1, 16, 64… rows of 128,256 logits on the
/// sampling threads as the scheduler does (one row per thread, or each row's passes split over all threads when the
/// rows are fewer than half the threads), per setting, on flat and peaked rows.
/// </summary>
internal static class SamplingStepBenchmark
{
    public static int Run(IReadOnlyList<int> rowCounts, int threads, int repetitions, CancellationToken cancellationToken)
    {
        using var workers = new SamplingWorkers(threads);
        var split = new RowSplit(workers);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"µs per step (every row sampled once) on {threads} sampling threads ({Environment.ProcessorCount} cores), rows of {SamplingProfileBenchmark.Vocabulary} logits, best of {repetitions}; end-of-generation tokens banned"));
        Console.WriteLine();
        Console.WriteLine($"| shape | sampling | {string.Join(" | ", rowCounts.Select(rows => $"{rows} rows"))} |");
        Console.WriteLine($"| --- | --- |{string.Concat(Enumerable.Repeat(" ---: |", rowCounts.Count))}");
        foreach (var shape in new[] { "flat", "peaked" })
        {
            var logits = Enumerable.Range(0, rowCounts.Max()).Select(row => SamplingBenchmark.Row(shape, SamplingProfileBenchmark.Vocabulary, seed: row)).ToArray();
            foreach (var (name, options) in SamplingBenchmark.Settings)
            {
                var cells = new List<string>();
                foreach (var rows in rowCounts)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var samplers = Enumerable.Range(0, rows).Select(_ => new HostSampler(options, SamplingProfileBenchmark.Banned, seed: 7)).ToArray();
                    var micros = SamplingBenchmark.Time(repetitions, () => SchedulerStep.Sample(rows, (row, parts) => samplers[row].Sample(logits[row], parts), workers, split)) * 1e6;
                    cells.Add(micros.ToString("F0", CultureInfo.InvariantCulture));
                }

                Console.WriteLine($"| {shape} | {name} | {string.Join(" | ", cells)} |");
            }
        }

        return 0;
    }
}
