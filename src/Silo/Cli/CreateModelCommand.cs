using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Cluster.Inference.ModelCreation;
using Cluster.Inference.Native;

namespace Cluster.Silo.Cli;

/// <summary>The create-model verb: writes a Llama-architecture GGUF with random weights and the real Llama-3 tokenizer.</summary>
internal static class CreateModelCommand
{
    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = "model shape: tiny, 1b or 8b", DefaultValueFactory = _ => "tiny" };
        preset.AcceptOnlyFromAmong([.. ModelPreset.All.Select(p => p.Name)]);
        var type = new Option<ModelWeightType>("--type") { Description = "weight type: F16 or Q8_0", DefaultValueFactory = _ => ModelWeightType.F16 };
        var seed = new Option<ulong>("--seed") { Description = "random seed (same seed, same bytes)", DefaultValueFactory = _ => 42 };
        var pooling = new Option<string>("--pooling")
        {
            Description = "none writes a chat model; mean, cls or last an embedding model pooled that way (for /v1/embeddings)",
            DefaultValueFactory = _ => "none",
        };
        pooling.AcceptOnlyFromAmong("none", "mean", "cls", "last");
        var output = new Option<FileInfo>("--output", "-o") { Description = "GGUF file to write", Required = true };
        var vocabulary = new Option<FileInfo>("--vocab")
        {
            Description = "tokenizer GGUF to copy (llama.cpp's models/ggml-vocab-llama-bpe.gguf)",
            DefaultValueFactory = _ => new FileInfo(Path.Combine(AppContext.BaseDirectory, "vocab", "ggml-vocab-llama-bpe.gguf")),
        };
        var lora = new Option<bool>("--lora") { Description = "write a random LoRA adapter (attention projections, F16) for the preset's model instead of a model" };
        var rank = new Option<int>("--rank") { Description = "the LoRA adapter's rank (with --lora)", DefaultValueFactory = _ => 8 };
        var command = new Command("create-model", "Write a Llama GGUF with random weights (deterministic from the seed) and the Llama-3 tokenizer and chat template, or with --lora a random LoRA adapter for it.")
        {
            preset, type, seed, pooling, output, vocabulary, lora, rank,
        };
        command.SetAction((result, cancellationToken) => result.GetValue(lora)
            ? RunLoraAsync(
                new LoraCreationRequest(ModelPreset.TryGet(result.GetValue(preset)!, out var adapterShape) ? adapterShape : ModelPreset.Tiny, result.GetValue(seed),
                    result.GetValue(rank), result.GetValue(rank), result.GetValue(output)!.FullName),
                cancellationToken)
            : RunAsync(
            ModelPreset.TryGet(result.GetValue(preset)!, out var shape) ? shape : ModelPreset.Tiny,
            result.GetValue(type),
            result.GetValue(seed),
            Enum.Parse<LlamaPoolingType>(result.GetValue(pooling)!, ignoreCase: true),
            result.GetValue(output)!,
            result.GetValue(vocabulary)!,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ModelPreset preset, ModelWeightType type, ulong seed, LlamaPoolingType pooling, FileInfo output, FileInfo vocabulary, CancellationToken cancellationToken)
    {
        if (!vocabulary.Exists)
        {
            await Console.Error.WriteLineAsync($"create-model: tokenizer '{vocabulary.FullName}' not found; run 'bash scripts/fetch-llama.sh source' or pass --vocab").ConfigureAwait(false);
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var request = new ModelCreationRequest(preset, type, seed, vocabulary.FullName, output.FullName, pooling);
        var progress = new ConsoleProgress();
        await new RandomModelWriter().WriteAsync(request, progress, cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"create-model: wrote {output.FullName} ({new FileInfo(output.FullName).Length / (double)(1 << 20):F1} MiB, {preset.Name} {type}, pooling {pooling}, seed {seed}) in {clock.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    private static async Task<int> RunLoraAsync(LoraCreationRequest request, CancellationToken cancellationToken)
    {
        if (request.Rank < 1)
        {
            await Console.Error.WriteLineAsync($"create-model: --rank is {request.Rank}; give 1 or more").ConfigureAwait(false);
            return 2;
        }

        await RandomLoraWriter.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"create-model: wrote LoRA adapter {request.OutputPath} ({new FileInfo(request.OutputPath).Length / 1024.0:F1} KiB, for {request.Preset.Name}, rank {request.Rank}, seed {request.Seed})"));
        return 0;
    }

    private sealed class ConsoleProgress : IProgress<ModelCreationProgress>
    {
        private int _lastPercent = -1;

        public void Report(ModelCreationProgress value)
        {
            var percent = value.TotalBytes == 0 ? 100 : (int)(value.BytesWritten * 100 / value.TotalBytes);
            if (percent / 5 != _lastPercent / 5)
            {
                _lastPercent = percent;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"create-model: {percent,3}% {value.BytesWritten / (double)(1 << 30):F2}/{value.TotalBytes / (double)(1 << 30):F2} GiB {value.CurrentTensor}"));
            }
        }
    }
}
