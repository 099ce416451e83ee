using System.Runtime.InteropServices;
using Cluster.Inference.Gguf;

namespace Cluster.Inference.ModelCreation;

/// <summary>
/// Writes a LLaVA-1.5-style vision projector GGUF (mmproj: CLIP ViT encoder + two-layer MLP, llama.cpp projector type
/// <c>mlp</c>) with deterministic random weights, so libmtmd decodes and encodes real images against a created text model.
/// </summary>
/// <param name="timeProvider">The clock that spaces progress reports.</param>
public sealed class RandomProjectorWriter(TimeProvider timeProvider)
{
    private const string Architecture = "clip";
    private const float LayerNormEpsilon = 1e-5f;
    private const uint FileTypeMostlyF16 = 1;

    // OpenAI CLIP's pixel normalisation, which LLaVA-1.5 keeps.
    private static readonly float[] ImageMean = [0.48145466f, 0.4578275f, 0.40821073f];
    private static readonly float[] ImageStd = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>Creates a writer that uses the system clock.</summary>
    public RandomProjectorWriter()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Returns the <c>general.name</c> a request's projector gets, e.g. <c>cluster-demo-mmproj-tiny-64</c>.</summary>
    public static string ProjectorName(ProjectorCreationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"cluster-demo-mmproj-{request.Preset.Name}-{request.TextEmbeddingLength}";
    }

    /// <summary>Writes the projector described by <paramref name="request"/>, reporting progress a few times a second.</summary>
    public async Task WriteAsync(ProjectorCreationRequest request, IProgress<ModelCreationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckShape(request);
        var preset = request.Preset;
        var writer = new GgufWriter();
        writer.SetMetadata(GgufMetadataKeys.Architecture, GgufValue.From(Architecture));
        writer.SetMetadata(GgufMetadataKeys.Name, GgufValue.From(ProjectorName(request)));
        writer.SetMetadata(GgufMetadataKeys.FileType, GgufValue.From(FileTypeMostlyF16));
        writer.SetMetadata(GgufMetadataKeys.Alignment, GgufValue.From(writer.Alignment));
        writer.SetMetadata("clip.has_vision_encoder", GgufValue.From(true));
        writer.SetMetadata("clip.projector_type", GgufValue.From("mlp"));
        writer.SetMetadata("clip.vision.image_size", GgufValue.From((uint)preset.ImageSize));
        writer.SetMetadata("clip.vision.patch_size", GgufValue.From((uint)preset.PatchSize));
        writer.SetMetadata("clip.vision.embedding_length", GgufValue.From((uint)preset.EmbeddingLength));
        writer.SetMetadata("clip.vision.feed_forward_length", GgufValue.From((uint)preset.FeedForwardLength));
        writer.SetMetadata("clip.vision.block_count", GgufValue.From((uint)preset.BlockCount));
        writer.SetMetadata("clip.vision.projection_dim", GgufValue.From((uint)request.TextEmbeddingLength));
        writer.SetMetadata("clip.vision.attention.head_count", GgufValue.From((uint)preset.HeadCount));
        writer.SetMetadata("clip.vision.attention.layer_norm_epsilon", GgufValue.From(LayerNormEpsilon));
        writer.SetMetadata("clip.vision.image_mean", GgufValue.From(ImageMean));
        writer.SetMetadata("clip.vision.image_std", GgufValue.From(ImageStd));

        var reporter = new ThrottledProgress(progress, timeProvider);
        AddTensors(writer, request, reporter);
        reporter.TotalBytes = writer.ComputeFileSize();
        var directory = Path.GetDirectoryName(Path.GetFullPath(request.OutputPath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await writer.WriteAsync(request.OutputPath, cancellationToken).ConfigureAwait(false);
        reporter.Report(reporter.TotalBytes, string.Empty, force: true);
    }

    private static void AddTensors(GgufWriter writer, ProjectorCreationRequest request, ThrottledProgress reporter)
    {
        var generator = new RandomWeightGenerator(request.Seed);
        var batchChunks = Math.Min(Environment.ProcessorCount * 2, 64);
        var batchBytes = batchChunks * GgufTensorType.F16.ByteSize(RandomWeightGenerator.ChunkElements);
        var buffers = new Lazy<byte[][]>(() => [new byte[batchBytes], new byte[batchBytes]]);
        foreach (var (name, shape, fill) in ProjectorTensorLayout.For(request.Preset, request.TextEmbeddingLength))
        {
            if (fill != ProjectorTensorLayout.Fill.Random)
            {
                var values = new float[shape[0]];
                Array.Fill(values, fill == ProjectorTensorLayout.Fill.Ones ? 1f : 0f);
                writer.AddTensor(name, shape, GgufTensorType.F32, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
                continue;
            }

            var tensorSeed = generator.TensorSeed(name);
            writer.AddTensor(name, shape, GgufTensorType.F16, (tensor, stream, ct) =>
                new ValueTask(RandomModelWriter.WriteRandomDataAsync(tensor, tensorSeed, buffers.Value, batchChunks, stream, reporter, ct)));
        }
    }

    private static void CheckShape(ProjectorCreationRequest request)
    {
        var preset = request.Preset;
        ArgumentNullException.ThrowIfNull(preset);
        if (request.TextEmbeddingLength <= 0 || preset.PatchSize <= 0 || preset.ImageSize % preset.PatchSize != 0
            || preset.HeadCount <= 0 || preset.EmbeddingLength % preset.HeadCount != 0 || preset.FeedForwardLength == preset.EmbeddingLength)
        {
            throw new ArgumentException(
                $"Projector preset '{preset.Name}': the image must divide into patches, the width into the heads, and the feed-forward size must differ from the width.",
                nameof(request));
        }
    }
}
