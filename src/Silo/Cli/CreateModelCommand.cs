using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Cluster.Inference.ModelCreation;
using Cluster.Inference.Native;

namespace Cluster.Silo.Cli;

/// <summary>
/// The create-model verb: writes a Llama-architecture GGUF with random weights and the real Llama-3 tokenizer (a chat or
/// an embedding model), and with --mmproj a vision projector for it, or with --lora a random LoRA adapter for it.
/// </summary>
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
        var output = new Option<FileInfo?>("--output", "-o") { Description = "GGUF file to write (required unless --mmproj-only)" };
        var vocabulary = new Option<FileInfo>("--vocab")
        {
            Description = "tokenizer GGUF to copy (llama.cpp's models/ggml-vocab-llama-bpe.gguf)",
            DefaultValueFactory = _ => new FileInfo(Path.Combine(AppContext.BaseDirectory, "vocab", "ggml-vocab-llama-bpe.gguf")),
        };
        var projectorOutput = new Option<FileInfo?>("--mmproj")
        {
            Description = "also write a LLaVA-style vision projector GGUF (random weights, matched to the model's width) to this file",
        };
        var projectorPreset = new Option<string>("--mmproj-preset")
        {
            Description = "projector shape: tiny (64 px, 64 image tokens) or clip-vit-l-14-336 (576 image tokens)",
            DefaultValueFactory = _ => "tiny",
        };
        projectorPreset.AcceptOnlyFromAmong([.. ProjectorPreset.All.Select(p => p.Name)]);
        var projectorOnly = new Option<bool>("--mmproj-only") { Description = "write only the projector (for an existing model of the --preset's shape)" };
        var lora = new Option<bool>("--lora") { Description = "write a random LoRA adapter (attention projections, F16) for the preset's model instead of a model" };
        var rank = new Option<int>("--rank") { Description = "the LoRA adapter's rank (with --lora)", DefaultValueFactory = _ => 8 };
        var command = new Command("create-model", "Write a Llama GGUF with random weights (deterministic from the seed) and the Llama-3 tokenizer and chat template; with --mmproj a vision projector for it, with --lora a random LoRA adapter for it.")
        {
            preset, type, seed, pooling, output, vocabulary, projectorOutput, projectorPreset, projectorOnly, lora, rank,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(projectorOnly) ? result.GetValue(projectorOutput) is null : result.GetValue(output) is null)
            {
                result.AddError(result.GetValue(projectorOnly) ? "--mmproj-only needs --mmproj FILE" : "Option '--output' is required.");
            }
        });
        command.SetAction((result, cancellationToken) =>
        {
            var shape = ModelPreset.TryGet(result.GetValue(preset)!, out var found) ? found : ModelPreset.Tiny;
            if (result.GetValue(lora))
            {
                return RunLoraAsync(new LoraCreationRequest(shape, result.GetValue(seed), result.GetValue(rank), result.GetValue(rank), result.GetValue(output)!.FullName), cancellationToken);
            }

            return RunAsync(
                shape,
                result.GetValue(type),
                result.GetValue(seed),
                Enum.Parse<LlamaPoolingType>(result.GetValue(pooling)!, ignoreCase: true),
                result.GetValue(projectorOnly) ? null : result.GetValue(output),
                result.GetValue(vocabulary)!,
                result.GetValue(projectorOutput) is { } projectorFile && ProjectorPreset.TryGet(result.GetValue(projectorPreset)!, out var projectorShape)
                    ? (projectorShape, projectorFile)
                    : null,
                cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        ModelPreset preset, ModelWeightType type, ulong seed, LlamaPoolingType pooling, FileInfo? output, FileInfo vocabulary,
        (ProjectorPreset Preset, FileInfo Output)? projector, CancellationToken cancellationToken)
    {
        if (!vocabulary.Exists)
        {
            await Console.Error.WriteLineAsync($"create-model: tokenizer '{vocabulary.FullName}' not found; run 'bash scripts/fetch-llama.sh source' or pass --vocab").ConfigureAwait(false);
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var progress = new ConsoleProgress();
        if (output is not null)
        {
            var request = new ModelCreationRequest(preset, type, seed, vocabulary.FullName, output.FullName, pooling);
            await new RandomModelWriter().WriteAsync(request, progress, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"create-model: wrote {output.FullName} ({new FileInfo(output.FullName).Length / (double)(1 << 20):F1} MiB, {preset.Name} {type}, pooling {pooling}, seed {seed}) in {clock.Elapsed.TotalSeconds:F1} s"));
        }

        if (projector is { } vision)
        {
            clock.Restart();
            var projectorRequest = new ProjectorCreationRequest(vision.Preset, preset.EmbeddingLength, seed, vision.Output.FullName);
            await new RandomProjectorWriter().WriteAsync(projectorRequest, progress, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"create-model: wrote projector {vision.Output.FullName} ({new FileInfo(vision.Output.FullName).Length / (double)(1 << 20):F1} MiB, {vision.Preset.Name}, {vision.Preset.PatchCount} tokens per image) in {clock.Elapsed.TotalSeconds:F1} s"));
        }

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
