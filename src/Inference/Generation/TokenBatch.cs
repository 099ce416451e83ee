using System.Runtime.InteropServices;
using Cluster.Inference.Native;

namespace Cluster.Inference.Generation;

/// <summary>A reusable llama_batch in native memory: tokens with positions, sequence ids and output flags.</summary>
/// <remarks>Owned by the decode thread; not thread-safe. Each token belongs to exactly one sequence.</remarks>
public sealed unsafe class TokenBatch : IDisposable
{
    private readonly LlamaToken* _tokens;
    private readonly LlamaPos* _positions;
    private readonly int* _seqCounts;
    private readonly LlamaSeqId* _seqIds;
    private readonly LlamaSeqId** _seqIdPointers;
    private readonly sbyte* _outputs;
    private bool _disposed;

    /// <summary>Allocates room for <paramref name="capacity"/> tokens.</summary>
    public TokenBatch(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _tokens = (LlamaToken*)NativeMemory.Alloc((nuint)capacity, (nuint)sizeof(LlamaToken));
        _positions = (LlamaPos*)NativeMemory.Alloc((nuint)capacity, (nuint)sizeof(LlamaPos));
        _seqCounts = (int*)NativeMemory.Alloc((nuint)capacity, sizeof(int));
        _seqIds = (LlamaSeqId*)NativeMemory.Alloc((nuint)capacity, (nuint)sizeof(LlamaSeqId));
        _seqIdPointers = (LlamaSeqId**)NativeMemory.Alloc((nuint)capacity, (nuint)sizeof(nint));
        _outputs = (sbyte*)NativeMemory.Alloc((nuint)capacity, 1);
        for (var i = 0; i < capacity; i++)
        {
            _seqCounts[i] = 1;
            _seqIdPointers[i] = _seqIds + i;
        }
    }

    /// <summary>Most tokens the batch holds.</summary>
    public int Capacity { get; }

    /// <summary>Tokens added since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Outputs (logit rows) requested so far.</summary>
    public int OutputCount { get; private set; }

    /// <summary>Empties the batch.</summary>
    public void Clear()
    {
        Count = 0;
        OutputCount = 0;
    }

    /// <summary>Adds a token; returns its index in the batch, which is how its logits are read after the decode (llama_get_logits_ith), or -1 if no output was asked for.</summary>
    public int Add(LlamaToken token, LlamaPos position, LlamaSeqId sequence, bool wantOutput)
    {
        if (Count == Capacity)
        {
            throw new InvalidOperationException($"the batch is full ({Capacity} tokens)");
        }

        _tokens[Count] = token;
        _positions[Count] = position;
        _seqIds[Count] = sequence;
        _outputs[Count] = wantOutput ? (sbyte)1 : (sbyte)0;
        if (!wantOutput)
        {
            Count++;
            return -1;
        }

        OutputCount++;
        return Count++;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NativeMemory.Free(_tokens);
        NativeMemory.Free(_positions);
        NativeMemory.Free(_seqCounts);
        NativeMemory.Free(_seqIds);
        NativeMemory.Free(_seqIdPointers);
        NativeMemory.Free(_outputs);
    }

    /// <summary>The batch as llama.cpp takes it: its tokens, or with <paramref name="embeddings"/> (one row per entry) input embeddings in their place.</summary>
    internal LlamaNativeBatch ToNative(float* embeddings = null) => new()
    {
        TokenCount = Count,
        Tokens = embeddings is null ? _tokens : null,
        Embeddings = embeddings,
        Positions = _positions,
        SeqIdCounts = _seqCounts,
        SeqIds = _seqIdPointers,
        Outputs = _outputs,
    };
}
