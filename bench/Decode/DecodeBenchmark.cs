using System.Diagnostics;
using System.Globalization;
using Cluster.Inference.Generation;
using Cluster.Inference.Models;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;
using Microsoft.Extensions.Logging;

namespace Cluster.Bench.Decode;

/// <summary>Measures batch-1 decode speed two ways: a bare loop over the binding (decode + host greedy sample) and the full TextGenerator (sampling, detokenisation, streaming).</summary>
internal static class DecodeBenchmark
{
    public static async Task<int> RunAsync(FileInfo modelFile, DirectoryInfo? libraryFolder, int tokens, int repetitions, int? threads, CancellationToken cancellationToken)
    {
        using var loggers = LoggerFactory.Create(builder => builder.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        LlamaLibrary.Initialize(libraryFolder?.FullName, loggers.CreateLogger("llama"));
        foreach (var device in LlamaDevices.List())
        {
            Console.WriteLine($"device {device.Name}: {device.Description} ({device.TotalBytes / (1L << 20)} MiB)");
        }

        using var model = LlamaModel.Load(modelFile.FullName, cancellationToken: cancellationToken);
        Console.WriteLine($"model {model.Description}, {model.ParameterCount / 1e9:F2} B params, {model.SizeBytes / (double)(1L << 30):F2} GiB");
        var options = new LlamaContextOptions { ContextSize = tokens + 64, BatchSize = 64, MicroBatchSize = 64, Threads = threads };
        var prompt = new[] { model.Vocabulary.BeginningOfSequence };
        var threadCount = threads ?? ThreadCounts.ForDecode;

        var loop = Median(await TimeAsync(repetitions, () => Task.FromResult(BareLoop(model, options, prompt[0], tokens))));
        var gpuGreedy = Median(await TimeAsync(repetitions, () => Task.FromResult(GpuGreedyLoop(model, options, prompt[0], tokens))));
        var generator = Median(await TimeAsync(repetitions, () => GeneratorLoopAsync(model, options, prompt, tokens, cancellationToken)));
        Console.WriteLine();
        Console.WriteLine("| path | tokens | tok/s (median of " + repetitions.ToString(CultureInfo.InvariantCulture) + ") |");
        Console.WriteLine("| --- | --- | --- |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| binding loop, host argmax, {threadCount} threads | {tokens} | {tokens / loop:F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| binding loop, GPU greedy, {threadCount} threads | {tokens} | {tokens / gpuGreedy:F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| TextGenerator (full path), {threadCount} threads | {tokens} | {tokens / generator:F1} |"));
        return 0;
    }

    private static double BareLoop(LlamaModel model, LlamaContextOptions options, LlamaToken first, int tokens)
    {
        using var context = LlamaContext.Create(model, options);
        using var batch = new TokenBatch(1);
        using var sampler = SamplerChain.Create(SamplingOptions.Greedy, model.Vocabulary);
        var sequence = new LlamaSeqId(0);
        batch.Add(first, new LlamaPos(0), sequence, wantOutput: true);
        Check(context.Decode(batch));
        var clock = Stopwatch.StartNew();
        for (var position = 1; position <= tokens; position++)
        {
            var token = sampler.Sample(context, 0);
            batch.Clear();
            batch.Add(token, new LlamaPos(position), sequence, wantOutput: true);
            Check(context.Decode(batch));
        }

        _ = sampler.Sample(context, 0);
        return clock.Elapsed.TotalSeconds;
    }

    private static double GpuGreedyLoop(LlamaModel model, LlamaContextOptions options, LlamaToken first, int tokens)
    {
        using var greedy = SamplerChain.Create(SamplingOptions.Greedy, model.Vocabulary);
        using var context = LlamaContext.Create(model, options, [greedy]);
        using var batch = new TokenBatch(1);
        var sequence = new LlamaSeqId(0);
        batch.Add(first, new LlamaPos(0), sequence, wantOutput: true);
        Check(context.Decode(batch));
        var clock = Stopwatch.StartNew();
        for (var position = 1; position <= tokens; position++)
        {
            var token = context.GetBackendSampledToken(0);
            if (token == LlamaToken.Null)
            {
                throw new InvalidOperationException("the backend sampler produced no token");
            }

            batch.Clear();
            batch.Add(token, new LlamaPos(position), sequence, wantOutput: true);
            Check(context.Decode(batch));
        }

        _ = context.GetBackendSampledToken(0);
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> GeneratorLoopAsync(LlamaModel model, LlamaContextOptions options, LlamaToken[] prompt, int tokens, CancellationToken cancellationToken)
    {
        using var generator = new TextGenerator(model, options);
        var request = new GenerationRequest { Prompt = prompt, MaxTokens = tokens, IgnoreEos = true, Sampling = SamplingOptions.Greedy };
        var clock = Stopwatch.StartNew();
        var produced = 0;
        await foreach (var chunk in generator.GenerateAsync(request, cancellationToken))
        {
            produced += chunk.Tokens.Count;
        }

        return produced == tokens ? clock.Elapsed.TotalSeconds : throw new InvalidOperationException($"generated {produced} tokens, expected {tokens}");
    }

    private static async Task<double[]> TimeAsync(int repetitions, Func<Task<double>> run)
    {
        await run();
        var seconds = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            seconds[i] = await run();
        }

        return seconds;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        return values[values.Length / 2];
    }

    internal static void Check(LlamaDecodeResult result)
    {
        if (result != LlamaDecodeResult.Success)
        {
            throw new InvalidOperationException($"llama_decode: {result}");
        }
    }
}
