using Cluster.Inference.Gguf;
using Cluster.Inference.Native;

namespace Cluster.Inference.ModelCreation;

/// <summary>
/// Writes a Llama-architecture GGUF model with deterministic random weights and the tokenizer of a vocabulary
/// GGUF, for load and throughput testing without downloading real weights.
/// </summary>
/// <param name="timeProvider">The clock that spaces progress reports.</param>
public sealed partial class RandomModelWriter(TimeProvider timeProvider)
{
    /// <summary>Creates a writer that uses the system clock.</summary>
    public RandomModelWriter()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Writes the model described by <paramref name="request"/>, reporting progress a few times a second.</summary>
    /// <exception cref="GgufFormatException">The vocabulary file is missing, corrupt, or has no token list.</exception>
    public async Task WriteAsync(ModelCreationRequest request, IProgress<ModelCreationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckShape(request.Preset);
        if (!Enum.IsDefined(request.WeightType))
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.WeightType, "Unknown weight type.");
        }

        if (request.Pooling is not (LlamaPoolingType.None or LlamaPoolingType.Mean or LlamaPoolingType.Cls or LlamaPoolingType.Last))
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Pooling, "Pooling must be None (a chat model), Mean, Cls or Last.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var vocabulary = GgufReader.Read(request.VocabularyPath);
        var writer = new GgufWriter();
        AddMetadata(writer, request, vocabulary);

        var reporter = new ThrottledProgress(progress, timeProvider);
        AddTensors(writer, request, reporter);
        reporter.TotalBytes = writer.ComputeFileSize();
        reporter.Report(0, writer.Tensors[0].Name, force: true);

        var directory = Path.GetDirectoryName(Path.GetFullPath(request.OutputPath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await writer.WriteAsync(request.OutputPath, cancellationToken).ConfigureAwait(false);
        reporter.Report(reporter.TotalBytes, string.Empty, force: true);
    }

    private static void CheckShape(ModelPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        if (preset.HeadCount <= 0 || preset.HeadCountKv <= 0
            || preset.EmbeddingLength % preset.HeadCount != 0 || preset.HeadCount % preset.HeadCountKv != 0)
        {
            throw new ArgumentException(
                $"Preset '{preset.Name}': the embedding length must divide into the heads and the heads into the KV heads.", nameof(preset));
        }
    }
}
