using System.Diagnostics;
using System.Globalization;
using Cluster.Inference.Generation;
using Cluster.Inference.Models;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;
using Microsoft.Extensions.Logging;

namespace Cluster.Bench.Decode;

/// <summary>
/// Host sampling cost per logits row, side by side in one run: llama.cpp's sampler chain (which copies the whole
/// vocabulary into a candidate array) against the candidate scan, one thread and spread over the cores as the
/// scheduler does. Rows come from one real decode of <c>rows</c> sequences.
/// </summary>
internal static class SamplingBenchmark
{
    private static readonly (string Name, SamplingOptions Options)[] Workloads =
    [
        ("top_k 40, top_p 0.95, temperature 0.8", new SamplingOptions { TopK = 40, TopP = 0.95f, Temperature = 0.8f, Seed = 1 }),
        ("top_p 0.95, temperature 0.8", new SamplingOptions { TopP = 0.95f, Temperature = 0.8f, Seed = 1 }),
        ("min_p 0.05, temperature 1", new SamplingOptions { MinP = 0.05f, Seed = 1 }),
        ("temperature 1 only", new SamplingOptions { Seed = 1 }),
    ];

    public static int Run(FileInfo modelFile, DirectoryInfo? libraryFolder, int rows, int repetitions, CancellationToken cancellationToken)
    {
        using var loggers = LoggerFactory.Create(builder => builder.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        LlamaLibrary.Initialize(libraryFolder?.FullName, loggers.CreateLogger("llama"));
        using var model = LlamaModel.Load(modelFile.FullName, cancellationToken: cancellationToken);
        using var context = LlamaContext.Create(model, new LlamaContextOptions { ContextSize = rows * 16, BatchSize = rows, MicroBatchSize = rows, Sequences = rows });
        using var batch = new TokenBatch(rows);
        for (var row = 0; row < rows; row++)
        {
            batch.Add(new LlamaToken(1000 + row), new LlamaPos(0), new LlamaSeqId(row), wantOutput: true);
        }

        DecodeBenchmark.Check(context.Decode(batch));
        _ = context.GetLogits(0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rows} rows of {model.Vocabulary.TokenCount} logits, {Environment.ProcessorCount} cores, median of {repetitions} passes over all rows"));
        Console.WriteLine();
        Console.WriteLine("| sampling | llama.cpp chain µs/row | candidate scan µs/row | ratio | llama.cpp chain, all rows in parallel ms | candidate scan, all rows in parallel ms | ratio |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (name, options) in Workloads)
        {
            var chains = Chains(model, options, rows, candidateScan: false);
            var scans = Chains(model, options, rows, candidateScan: true);
            var chainSerial = Time(repetitions, () => SampleAll(context, chains, parallel: false)) * 1e6 / rows;
            var scanSerial = Time(repetitions, () => SampleAll(context, scans, parallel: false)) * 1e6 / rows;
            var chainParallel = Time(repetitions, () => SampleAll(context, chains, parallel: true)) * 1e3;
            var scanParallel = Time(repetitions, () => SampleAll(context, scans, parallel: true)) * 1e3;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {chainSerial:F1} | {scanSerial:F1} | {chainSerial / scanSerial:F1}× | {chainParallel:F2} | {scanParallel:F2} | {chainParallel / scanParallel:F1}× |"));
            Array.ForEach(chains, chain => chain.Dispose());
            Array.ForEach(scans, chain => chain.Dispose());
        }

        return 0;
    }

    private static SamplerChain[] Chains(LlamaModel model, SamplingOptions options, int rows, bool candidateScan) =>
        Enumerable.Range(0, rows).Select(_ => SamplerChain.Create(options, model.Vocabulary, model.Vocabulary.EndOfGenerationTokens, candidateScan: candidateScan)).ToArray();

    private static void SampleAll(LlamaContext context, SamplerChain[] chains, bool parallel)
    {
        if (parallel)
        {
            Parallel.For(0, chains.Length, row => chains[row].Sample(context, row));
            return;
        }

        for (var row = 0; row < chains.Length; row++)
        {
            chains[row].Sample(context, row);
        }
    }

    private static double Time(int repetitions, Action pass)
    {
        pass();
        var seconds = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            pass();
            seconds[i] = clock.Elapsed.TotalSeconds;
        }

        Array.Sort(seconds);
        return seconds[repetitions / 2];
    }
}
