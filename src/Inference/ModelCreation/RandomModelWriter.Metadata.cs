using Cluster.Inference.Gguf;
using Cluster.Inference.Native;

namespace Cluster.Inference.ModelCreation;

/// <content>The metadata of a created model.</content>
public sealed partial class RandomModelWriter
{
    private const string Architecture = "llama";
    private const float RmsNormEpsilon = 1e-5f;

    // llama.cpp's llama_ftype values.
    private const uint FileTypeMostlyF16 = 1;
    private const uint FileTypeMostlyQ8_0 = 7;

    /// <summary>Returns the <c>general.name</c> a request's model gets, e.g. <c>cluster-demo-tiny-f16</c>.</summary>
    public static string ModelName(ModelPreset preset, ModelWeightType weightType)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return $"cluster-demo-{preset.Name}-{weightType.ToString().ToLowerInvariant()}";
    }

    private static void AddMetadata(GgufWriter writer, ModelCreationRequest request, GgufFile vocabulary)
    {
        var preset = request.Preset;
        writer.SetMetadata(GgufMetadataKeys.Architecture, GgufValue.From(Architecture));
        var name = ModelName(preset, request.WeightType);
        writer.SetMetadata(GgufMetadataKeys.Name, GgufValue.From(request.Pooling == LlamaPoolingType.None ? name : $"{name}-embed-{request.Pooling.ToString().ToLowerInvariant()}"));
        writer.SetMetadata(GgufMetadataKeys.FileType, GgufValue.From(request.WeightType == ModelWeightType.F16 ? FileTypeMostlyF16 : FileTypeMostlyQ8_0));
        writer.SetMetadata(GgufMetadataKeys.QuantizationVersion, GgufValue.From(2u));
        writer.SetMetadata(GgufMetadataKeys.Alignment, GgufValue.From(writer.Alignment));

        writer.SetMetadata(GgufMetadataKeys.ContextLength(Architecture), GgufValue.From((uint)preset.ContextLength));
        writer.SetMetadata(GgufMetadataKeys.EmbeddingLength(Architecture), GgufValue.From((uint)preset.EmbeddingLength));
        writer.SetMetadata(GgufMetadataKeys.BlockCount(Architecture), GgufValue.From((uint)preset.BlockCount));
        writer.SetMetadata(GgufMetadataKeys.FeedForwardLength(Architecture), GgufValue.From((uint)preset.FeedForwardLength));
        writer.SetMetadata(GgufMetadataKeys.HeadCount(Architecture), GgufValue.From((uint)preset.HeadCount));
        writer.SetMetadata(GgufMetadataKeys.HeadCountKv(Architecture), GgufValue.From((uint)preset.HeadCountKv));
        writer.SetMetadata(GgufMetadataKeys.RopeFreqBase(Architecture), GgufValue.From(preset.RopeFreqBase));
        writer.SetMetadata(GgufMetadataKeys.RopeDimensionCount(Architecture), GgufValue.From((uint)preset.HeadDimension));
        writer.SetMetadata(GgufMetadataKeys.RmsNormEpsilon(Architecture), GgufValue.From(RmsNormEpsilon));
        writer.SetMetadata(GgufMetadataKeys.VocabSize(Architecture), GgufValue.From((uint)TokenCount(vocabulary)));

        foreach (var (key, value) in vocabulary.Metadata)
        {
            if (key.StartsWith(GgufMetadataKeys.TokenizerPrefix, StringComparison.Ordinal))
            {
                writer.SetMetadata(key, value);
            }
        }

        if (request.Pooling == LlamaPoolingType.None)
        {
            writer.SetMetadata(GgufMetadataKeys.ChatTemplate, GgufValue.From(LlamaChatTemplates.Llama3));
        }
        else
        {
            // An embedding model: llama.cpp pools the final hidden states of each sequence this way; it is not a chat model.
            // Mean and CLS pooling belong to encoders, whose tokens see the whole input (with causal attention every input's
            // first token would see only BOS and CLS vectors would all be equal); last-token pooling belongs to causal decoders.
            writer.SetMetadata(GgufMetadataKeys.PoolingType(Architecture), GgufValue.From((uint)request.Pooling));
            writer.SetMetadata(GgufMetadataKeys.AttentionCausal(Architecture), GgufValue.From(request.Pooling == LlamaPoolingType.Last));
        }
    }

    private static int TokenCount(GgufFile vocabulary) =>
        vocabulary.Metadata.TryGetValue(GgufMetadataKeys.TokenizerTokens, out var tokens)
        && tokens.ElementType == GgufValueType.String && tokens.Count > 0
            ? tokens.Count
            : throw new GgufFormatException(vocabulary.Path, $"has no '{GgufMetadataKeys.TokenizerTokens}' string array, so it is not a tokenizer file");
}
