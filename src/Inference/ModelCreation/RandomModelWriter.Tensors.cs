using System.Runtime.InteropServices;
using Cluster.Inference.Gguf;

namespace Cluster.Inference.ModelCreation;

/// <content>The tensors of a created model and the parallel generation of their data.</content>
public sealed partial class RandomModelWriter
{
    private static void AddTensors(GgufWriter writer, ModelCreationRequest request, ThrottledProgress reporter)
    {
        var generator = new RandomWeightGenerator(request.Seed);
        var weightType = request.WeightType == ModelWeightType.F16 ? GgufTensorType.F16 : GgufTensorType.Q8_0;
        // Two batches of chunks: one being generated while the other is written; a few chunks per core keeps
        // every core busy, and the cap bounds memory on very wide machines.
        var batchChunks = Math.Min(Environment.ProcessorCount * 2, 64);
        var batchBytes = batchChunks * weightType.ByteSize(RandomWeightGenerator.ChunkElements);
        var buffers = new Lazy<byte[][]>(() => [new byte[batchBytes], new byte[batchBytes]]);

        var vocabularySize = (int)writer.Metadata[GgufMetadataKeys.VocabSize(Architecture)].AsUInt32();
        foreach (var (name, shape) in LlamaTensorLayout.For(request.Preset, vocabularySize))
        {
            if (shape.Length == 1)
            {
                var ones = new float[shape[0]];
                Array.Fill(ones, 1f);
                writer.AddTensor(name, shape, GgufTensorType.F32, MemoryMarshal.AsBytes(ones.AsSpan()).ToArray());
                continue;
            }

            var tensorSeed = generator.TensorSeed(name);
            writer.AddTensor(name, shape, weightType, (tensor, stream, ct) =>
                new ValueTask(WriteRandomDataAsync(tensor, tensorSeed, buffers.Value, batchChunks, stream, reporter, ct)));
        }
    }

    /// <summary>Streams a tensor's random weights, generating the next batch of chunks on all cores while the last one is written.</summary>
    internal static async Task WriteRandomDataAsync(
        GgufTensorInfo tensor, ulong tensorSeed, byte[][] buffers, int batchChunks, Stream stream, ThrottledProgress reporter, CancellationToken ct)
    {
        var chunkCount = RandomWeightGenerator.ChunkCount(tensor.ElementCount);
        var chunkBytes = tensor.Type.ByteSize(RandomWeightGenerator.ChunkElements);
        var parallel = new ParallelOptions { CancellationToken = ct };
        var pendingWrite = Task.CompletedTask;
        var current = 0;
        try
        {
            for (long first = 0; first < chunkCount; first += batchChunks)
            {
                var batchFirst = first;
                var count = (int)Math.Min(batchChunks, chunkCount - first);
                var buffer = buffers[current];
                await Task.Run(
                    () => Parallel.For(0, count, parallel, i =>
                    {
                        var chunk = batchFirst + i;
                        var length = tensor.Type.ByteSize(RandomWeightGenerator.ChunkLength(tensor.ElementCount, chunk));
                        RandomWeightGenerator.FillChunk(tensorSeed, tensor.Type, tensor.ElementCount, chunk, buffer.AsSpan((int)(i * chunkBytes), (int)length));
                    }),
                    ct).ConfigureAwait(false);

                // Only the tensor's last chunk can be short, and it ends its batch, so the batch is one contiguous run.
                var batchLength = (int)tensor.Type.ByteSize(
                    Math.Min(tensor.ElementCount - (batchFirst * RandomWeightGenerator.ChunkElements), (long)count * RandomWeightGenerator.ChunkElements));
                await pendingWrite.ConfigureAwait(false);
                reporter.Report(stream.Position, tensor.Name);
                pendingWrite = stream.WriteAsync(buffer.AsMemory(0, batchLength), ct).AsTask();
                current ^= 1;
            }

            await pendingWrite.ConfigureAwait(false);
        }
        finally
        {
            // On failure, never leave a write in flight on a stream the caller is about to dispose.
            await pendingWrite.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
