using System.Runtime.InteropServices;
using Cluster.Inference.Gguf;

namespace Cluster.Inference.ModelCreation;

/// <summary>
/// Writes a GGUF LoRA adapter with deterministic random A and B matrices for the attention projections of a generated
/// Llama model, in the layout llama.cpp's <c>llama_adapter_lora_init</c> reads: <c>general.type</c> = adapter,
/// <c>adapter.type</c> = lora, <c>adapter.lora.alpha</c>, and per target weight <c>NAME.lora_a</c> (ggml shape
/// [input, rank]) and <c>NAME.lora_b</c> ([rank, output]) in F16 (as the model's weights: F32 matrices take another CPU
/// kernel whose rounding depends on the batch, so an adapter's output would depend on what shares its step).
/// </summary>
public static class RandomLoraWriter
{
    /// <summary>Half-width of A's and B's uniform values: large enough that B·A moves the outputs visibly away from the base model's.</summary>
    private const float Amplitude = 0.3f;

    /// <summary>Writes the adapter described by <paramref name="request"/>.</summary>
    public static async Task WriteAsync(LoraCreationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Rank, 1, nameof(request));
        var writer = new GgufWriter();
        writer.SetMetadata(GgufMetadataKeys.Architecture, GgufValue.From("llama"));
        writer.SetMetadata(GgufMetadataKeys.Name, GgufValue.From($"cluster-demo-{request.Preset.Name}-lora-{request.Seed}"));
        writer.SetMetadata(GgufMetadataKeys.GeneralType, GgufValue.From("adapter"));
        writer.SetMetadata(GgufMetadataKeys.AdapterType, GgufValue.From("lora"));
        writer.SetMetadata(GgufMetadataKeys.LoraAlpha, GgufValue.From(request.Alpha));
        writer.SetMetadata(GgufMetadataKeys.Alignment, GgufValue.From(writer.Alignment));
        var generator = new RandomWeightGenerator(request.Seed);
        foreach (var (name, input, output) in Targets(request.Preset))
        {
            AddMatrix(writer, generator, $"{name}.lora_a", input, request.Rank);
            AddMatrix(writer, generator, $"{name}.lora_b", request.Rank, output);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(request.OutputPath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await writer.WriteAsync(request.OutputPath, cancellationToken).ConfigureAwait(false);
    }

    // The attention projections of every block, with their input and output widths (ggml ne[0] and ne[1]).
    private static IEnumerable<(string Name, long Input, long Output)> Targets(ModelPreset preset)
    {
        for (var i = 0; i < preset.BlockCount; i++)
        {
            yield return ($"blk.{i}.attn_q.weight", preset.EmbeddingLength, preset.EmbeddingLength);
            yield return ($"blk.{i}.attn_k.weight", preset.EmbeddingLength, preset.KvEmbeddingLength);
            yield return ($"blk.{i}.attn_v.weight", preset.EmbeddingLength, preset.KvEmbeddingLength);
            yield return ($"blk.{i}.attn_output.weight", preset.EmbeddingLength, preset.EmbeddingLength);
        }
    }

    private static void AddMatrix(GgufWriter writer, RandomWeightGenerator generator, string name, long rowLength, long rows)
    {
        var values = new Half[rowLength * rows];
        var random = new SplitMix64(generator.TensorSeed(name));
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (Half)((int)(uint)random.Next() * (Amplitude / 2147483648f));
        }

        writer.AddTensor(name, [rowLength, rows], GgufTensorType.F16, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }
}
