using System.Diagnostics;
using System.Globalization;
using Cluster.Inference.Models;
using Cluster.Inference.Native;
using Cluster.Inference.Text;
using Cluster.Inference.Sampling;
using Microsoft.Extensions.Logging;

namespace Cluster.Bench.Decode;

/// <summary>
/// Host sampling cost per logits row and setting, side by side in one run: llama.cpp's sampler chain (a candidate
/// array of the whole vocabulary, sorted when the nucleus is wide: what the silo fell back to for penalties and wide
/// rows) against the host sampler, one row at a time and all rows in parallel as the scheduler samples them. Rows
/// are flat (every logit within a few hundredths, as generated weights give) or peaked (a spread of a few units and a
/// handful of clear favourites, as a trained model gives at temperature 1).
/// </summary>
internal static class SamplingBenchmark
{
    private static readonly Dictionary<int, float> Biases = new() { [100] = 5f, [200] = -5f, [300] = -100f, [400] = 2f };

    /// <summary>The settings of the GPU sampling matrix (bench/gpu/sampling-matrix.sh).</summary>
    public static readonly (string Name, SamplingOptions Options)[] Settings =
    [
        ("temperature 0.8, top_p 0.95, top_k 40", new SamplingOptions { TopK = 40, TopP = 0.95f, Temperature = 0.8f }),
        ("temperature 0.8, top_p 0.95", new SamplingOptions { TopP = 0.95f, Temperature = 0.8f }),
        ("top_p 0.95 (temperature 1)", new SamplingOptions { TopP = 0.95f }),
        ("temperature 1", new SamplingOptions()),
        ("min_p 0.05", new SamplingOptions { MinP = 0.05f }),
        ("greedy", SamplingOptions.Greedy),
        ("top_p 0.95, penalties, logit_bias, seed", new SamplingOptions
        {
            TopP = 0.95f, Temperature = 0.8f, PresencePenalty = 0.5f, FrequencyPenalty = 0.5f, RepetitionPenalty = 1.1f, LogitBias = Biases, Seed = 1,
        }),
    ];

    public static int Run(FileInfo modelFile, DirectoryInfo? libraryFolder, int rows, int repetitions, CancellationToken cancellationToken)
    {
        using var loggers = LoggerFactory.Create(builder => builder.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        LlamaLibrary.Initialize(libraryFolder?.FullName, loggers.CreateLogger("llama"));
        using var model = LlamaModel.Load(modelFile.FullName, cancellationToken: cancellationToken);
        var vocabulary = model.Vocabulary;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rows} rows of {vocabulary.TokenCount} logits, {Environment.ProcessorCount} cores, best of {repetitions} passes over all rows (the fastest: this measures cost, not contention); end-of-generation tokens banned (ignore_eos)"));
        Console.WriteLine();
        Console.WriteLine("| rows | sampling | llama.cpp chain µs/row | host sampler µs/row | speed-up | llama.cpp chain, rows in parallel ms | host sampler, rows in parallel ms | speed-up |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var shape in new[] { "flat", "peaked" })
        {
            var logits = Enumerable.Range(0, rows).Select(row => Row(shape, vocabulary.TokenCount, seed: row)).ToArray();
            foreach (var (name, options) in Settings)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chains = Chains(vocabulary, options, rows, candidateScan: false);
                var hosts = Chains(vocabulary, options, rows, candidateScan: true);
                var chainSerial = Time(repetitions, () => SampleAll(logits, chains, parallel: false)) * 1e6 / rows;
                var hostSerial = Time(repetitions, () => SampleAll(logits, hosts, parallel: false)) * 1e6 / rows;
                var chainParallel = Time(repetitions, () => SampleAll(logits, chains, parallel: true)) * 1e3;
                var hostParallel = Time(repetitions, () => SampleAll(logits, hosts, parallel: true)) * 1e3;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {shape} | {name} | {chainSerial:F0} | {hostSerial:F0} | {chainSerial / hostSerial:F1}× | {chainParallel:F2} | {hostParallel:F2} | {chainParallel / hostParallel:F1}× |"));
                Array.ForEach(chains, chain => chain.Dispose());
                Array.ForEach(hosts, chain => chain.Dispose());
            }
        }

        return 0;
    }

    /// <summary>A flat or peaked row of logits.</summary>
    public static float[] Row(string shape, int length, int seed)
    {
        var random = new Random(seed);
        var row = new float[length];
        for (var token = 0; token < length; token++)
        {
            var normal = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            row[token] = shape == "flat" ? normal * 0.02f : normal * 2f;
        }

        for (var favourite = 0; shape == "peaked" && favourite < 8; favourite++)
        {
            row[random.Next(length)] = 12f + favourite;
        }

        return row;
    }

    /// <summary>One sampler per row, with end-of-generation tokens banned.</summary>
    public static SamplerChain[] Chains(LlamaVocabulary vocabulary, SamplingOptions options, int rows, bool candidateScan) =>
        [.. Enumerable.Range(0, rows).Select(_ => SamplerChain.Create(options, vocabulary, vocabulary.EndOfGenerationTokens, candidateScan: candidateScan))];

    private static void SampleAll(float[][] logits, SamplerChain[] chains, bool parallel)
    {
        if (parallel)
        {
            Parallel.For(0, chains.Length, row => chains[row].Sample(logits[row]));
            return;
        }

        for (var row = 0; row < chains.Length; row++)
        {
            chains[row].Sample(logits[row]);
        }
    }

    /// <summary>The fastest of <paramref name="repetitions"/> runs of <paramref name="pass"/> after a warm-up, in seconds.</summary>
    /// <remarks>
    /// The warm-up runs 60 passes (at most 2 s) and a quarter of a second at least: the JIT optimises a method only
    /// after a few dozen calls, and a one-row pass calls each once.
    /// </remarks>
    public static double Time(int repetitions, Action pass)
    {
        var warmUp = Stopwatch.StartNew();
        for (var passes = 0; (passes < 60 && warmUp.ElapsedMilliseconds < 2000) || warmUp.ElapsedMilliseconds < 250; passes++)
        {
            pass();
        }

        var seconds = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            pass();
            seconds[i] = clock.Elapsed.TotalSeconds;
        }

        return seconds.Min();
    }
}
