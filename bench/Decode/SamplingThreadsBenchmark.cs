using System.Globalization;
using Cluster.Inference.Models;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;
using Microsoft.Extensions.Logging;

namespace Cluster.Bench.Decode;

/// <summary>
/// Host sampling cost per scheduler step, per setting and row count, on one thread against the sampling threads as
/// the scheduler runs them (<see cref="SamplingWorkers"/>: one row per thread, or each row split over all threads
/// when the rows are fewer than half the threads), side by side. The draws are the same tokens either way.
/// </summary>
internal static class SamplingThreadsBenchmark
{
    public static int Run(FileInfo modelFile, DirectoryInfo? libraryFolder, IReadOnlyList<int> rowCounts, int threads, int repetitions, CancellationToken cancellationToken)
    {
        using var loggers = LoggerFactory.Create(builder => builder.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        LlamaLibrary.Initialize(libraryFolder?.FullName, loggers.CreateLogger("llama"));
        using var model = LlamaModel.Load(modelFile.FullName, new ModelLoadOptions { GpuLayers = 0 }, cancellationToken: cancellationToken);
        using var workers = new SamplingWorkers(threads);
        var split = new RowSplit(workers);
        var vocabulary = model.Vocabulary;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ms per step (all rows sampled once) over rows of {vocabulary.TokenCount} logits, 1 thread against {threads} sampling threads ({Environment.ProcessorCount} cores), best of {repetitions}; end-of-generation tokens banned (ignore_eos)"));
        Console.WriteLine();
        var header = string.Join(" | ", rowCounts.Select(rows => string.Create(CultureInfo.InvariantCulture, $"{rows} rows: 1 thread | {threads} threads | speed-up")));
        Console.WriteLine($"| shape | sampling | {header} |");
        Console.WriteLine($"| --- | --- |{string.Concat(Enumerable.Repeat(" --- | --- | --- |", rowCounts.Count))}");
        foreach (var shape in new[] { "flat", "peaked" })
        {
            var logits = Enumerable.Range(0, rowCounts.Max()).Select(row => SamplingBenchmark.Row(shape, vocabulary.TokenCount, seed: row)).ToArray();
            foreach (var (name, options) in SamplingBenchmark.Settings)
            {
                var cells = new List<string>();
                foreach (var rows in rowCounts)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var chains = SamplingBenchmark.Chains(vocabulary, options, rows, candidateScan: true);
                    var oneThread = SamplingBenchmark.Time(repetitions, () => SampleOnOneThread(logits, chains)) * 1e3;
                    var threaded = SamplingBenchmark.Time(repetitions, () => SchedulerStep.Sample(chains.Length, (row, parts) => chains[row].Sample(logits[row], parts), workers, split)) * 1e3;
                    cells.Add(string.Create(CultureInfo.InvariantCulture, $"{oneThread:F2} | {threaded:F2} | {oneThread / threaded:F1}×"));
                    Array.ForEach(chains, chain => chain.Dispose());
                }

                Console.WriteLine($"| {shape} | {name} | {string.Join(" | ", cells)} |");
            }
        }

        return 0;
    }

    private static void SampleOnOneThread(float[][] logits, SamplerChain[] chains)
    {
        for (var row = 0; row < chains.Length; row++)
        {
            chains[row].Sample(logits[row]);
        }
    }
}
