using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Cluster.Inference.ModelCreation;

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
        var command = new Command("create-model", "Write a Llama GGUF with random weights (deterministic from the seed) and the Llama-3 tokenizer and chat template.")
        {
            preset, type, seed, output, vocabulary, projectorOutput, projectorPreset, projectorOnly,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(projectorOnly) ? result.GetValue(projectorOutput) is null : result.GetValue(output) is null)
            {
                result.AddError(result.GetValue(projectorOnly) ? "--mmproj-only needs --mmproj FILE" : "Option '--output' is required.");
            }
        });
        command.SetAction((result, cancellationToken) => RunAsync(
            ModelPreset.TryGet(result.GetValue(preset)!, out var shape) ? shape : ModelPreset.Tiny,
            result.GetValue(type),
            result.GetValue(seed),
            result.GetValue(projectorOnly) ? null : result.GetValue(output),
            result.GetValue(vocabulary)!,
            result.GetValue(projectorOutput) is { } projectorFile
                && ProjectorPreset.TryGet(result.GetValue(projectorPreset)!, out var projectorShape)
                ? (projectorShape, projectorFile)
                : null,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        ModelPreset preset, ModelWeightType type, ulong seed, FileInfo? output, FileInfo vocabulary,
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
            var request = new ModelCreationRequest(preset, type, seed, vocabulary.FullName, output.FullName);
            await new RandomModelWriter().WriteAsync(request, progress, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"create-model: wrote {output.FullName} ({new FileInfo(output.FullName).Length / (double)(1 << 20):F1} MiB, {preset.Name} {type}, seed {seed}) in {clock.Elapsed.TotalSeconds:F1} s"));
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
