using System.Runtime.InteropServices;
using Cluster.Inference.Native;

namespace Cluster.Inference.Generation;

/// <summary>
/// A reusable llama_batch of input embeddings (an image's rows) for one sequence at consecutive positions; llama.cpp
/// takes a batch of tokens or of embeddings, never both, so image chunks are decoded on their own.
/// </summary>
/// <remarks>Owned by the decode thread; not thread-safe.</remarks>
public sealed unsafe class EmbeddingBatch : IDisposable
{
    private readonly LlamaPos* _positions;
    private readonly int* _seqCounts;
    private readonly LlamaSeqId* _seqIds;
    private readonly LlamaSeqId** _seqIdPointers;
    private readonly sbyte* _outputs;
    private bool _disposed;

    /// <summary>Allocates room for <paramref name="capacity"/> embeddings.</summary>
    public EmbeddingBatch(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _positions = (LlamaPos*)NativeMemory.Alloc((nuint)capacity, (nuint)sizeof(LlamaPos));
        _seqCounts = (int*)NativeMemory.Alloc((nuint)capacity, sizeof(int));
        _seqIds = (LlamaSeqId*)NativeMemory.Alloc((nuint)capacity, (nuint)sizeof(LlamaSeqId));
        _seqIdPointers = (LlamaSeqId**)NativeMemory.Alloc((nuint)capacity, (nuint)sizeof(nint));
        _outputs = (sbyte*)NativeMemory.AllocZeroed((nuint)capacity, 1);
        for (var i = 0; i < capacity; i++)
        {
            _seqCounts[i] = 1;
            _seqIdPointers[i] = _seqIds + i;
        }
    }

    /// <summary>Most embeddings one decode takes.</summary>
    public int Capacity { get; }

    /// <summary>Decodes <paramref name="rows"/> (a whole number of rows of the model's width) into <paramref name="sequence"/> from <paramref name="firstPosition"/>; no logits are kept.</summary>
    public LlamaDecodeResult Decode(LlamaContext context, ReadOnlySpan<float> rows, LlamaSeqId sequence, LlamaPos firstPosition)
    {
        ArgumentNullException.ThrowIfNull(context);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var width = context.Model.EmbeddingLength;
        var count = rows.Length / width;
        if (count < 1 || count > Capacity || count * width != rows.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows.Length, $"1 to {Capacity} whole rows of {width} values");
        }

        for (var i = 0; i < count; i++)
        {
            _positions[i] = new LlamaPos(firstPosition.Value + i);
            _seqIds[i] = sequence;
        }

        fixed (float* embeddings = rows)
        {
            var batch = new LlamaNativeBatch
            {
                TokenCount = count,
                Tokens = null,
                Embeddings = embeddings,
                Positions = _positions,
                SeqIdCounts = _seqCounts,
                SeqIds = _seqIdPointers,
                Outputs = _outputs,
            };
            return context.Decode(batch);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NativeMemory.Free(_positions);
        NativeMemory.Free(_seqCounts);
        NativeMemory.Free(_seqIds);
        NativeMemory.Free(_seqIdPointers);
        NativeMemory.Free(_outputs);
    }
}
