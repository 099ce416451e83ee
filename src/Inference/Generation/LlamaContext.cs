using Cluster.Inference.Models;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;

namespace Cluster.Inference.Generation;

/// <summary>A llama.cpp context on a model: KV memory for its sequences and the decode call.</summary>
/// <remarks>One thread owns a context (DESIGN.md §3); nothing here is thread-safe.</remarks>
public sealed unsafe partial class LlamaContext : IDisposable
{
    private readonly nint _memory;
    private readonly SamplerChain[] _backendSamplers;

    private LlamaContext(LlamaModel model, SafeLlamaContextHandle handle, SamplerChain[] backendSamplers)
    {
        Model = model;
        Handle = handle;
        _backendSamplers = backendSamplers;
        _memory = LlamaNative.llama_get_memory(handle);
        ContextSize = (int)LlamaNative.llama_n_ctx(handle);
        SequenceContextSize = (int)LlamaNative.llama_n_ctx_seq(handle);
        BatchSize = (int)LlamaNative.llama_n_batch(handle);
        Sequences = (int)LlamaNative.llama_n_seq_max(handle);
        Threads = LlamaNative.llama_n_threads(handle);
        PoolingType = LlamaNative.llama_pooling_type(handle);
    }

    /// <summary>The model.</summary>
    public LlamaModel Model { get; }

    /// <summary>Total context in tokens.</summary>
    public int ContextSize { get; }

    /// <summary>Context one sequence can use.</summary>
    public int SequenceContextSize { get; }

    /// <summary>Most tokens per decode.</summary>
    public int BatchSize { get; }

    /// <summary>Number of sequences.</summary>
    public int Sequences { get; }

    /// <summary>CPU threads for generation.</summary>
    public int Threads { get; }

    /// <summary>How sequences' token embeddings are pooled (None for a generation model).</summary>
    public LlamaPoolingType PoolingType { get; }

    internal SafeLlamaContextHandle Handle { get; }

    /// <summary>Creates a context; <paramref name="backendSamplers"/> puts a GPU sampler chain on sequence i (the context keeps them alive).</summary>
    /// <exception cref="InvalidOperationException">llama.cpp refused the context (usually not enough memory for the KV cache).</exception>
    public static LlamaContext Create(LlamaModel model, LlamaContextOptions options, IReadOnlyList<SamplerChain>? backendSamplers = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var threads = options.Threads ?? ThreadCounts.ForDecode;
        var parameters = LlamaNative.llama_context_default_params();
        parameters.ContextSize = (uint)options.ContextSize;
        parameters.BatchSize = (uint)options.BatchSize;
        parameters.MicroBatchSize = (uint)Math.Min(options.MicroBatchSize, options.BatchSize);
        parameters.MaxSequences = (uint)options.Sequences;
        parameters.Threads = threads;
        parameters.BatchThreads = threads;
        parameters.FlashAttention = options.FlashAttention;
        parameters.KvUnified = options.KvUnified;
        parameters.TypeK = options.KvType;
        parameters.TypeV = options.KvType;
        parameters.NoPerf = true;
        parameters.Embeddings = options.Embeddings;
        var samplers = backendSamplers?.ToArray() ?? [];
        var configs = new LlamaSamplerSeqConfig[samplers.Length];
        for (var i = 0; i < samplers.Length; i++)
        {
            configs[i] = new LlamaSamplerSeqConfig { SeqId = new LlamaSeqId(i), Sampler = samplers[i].DangerousPointer };
        }

        SafeLlamaContextHandle handle;
        fixed (LlamaSamplerSeqConfig* configPointer = configs)
        {
            parameters.Samplers = samplers.Length == 0 ? null : configPointer;
            parameters.SamplerCount = (nuint)samplers.Length;
            handle = SafeLlamaContextHandle.Create(model.Handle, parameters);
        }

        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new InvalidOperationException(
                $"llama.cpp could not create a context of {options.ContextSize} tokens for {options.Sequences} sequences on '{model.FilePath}'; lower the context size or the sequence count");
        }

        return new LlamaContext(model, handle, samplers);
    }

    /// <summary>Decodes a batch (prompt chunks and/or one token per generating sequence).</summary>
    public LlamaDecodeResult Decode(TokenBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return Decode(batch.ToNative());
    }

    /// <summary>
    /// Decodes input embeddings (an image's rows, <paramref name="rows"/> holding one row of the model's width per entry)
    /// at the positions and sequences of <paramref name="batch"/>, whose tokens are ignored; llama.cpp takes a batch of
    /// tokens or of embeddings, never both.
    /// </summary>
    public LlamaDecodeResult DecodeEmbeddings(TokenBatch batch, ReadOnlySpan<float> rows)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0 || rows.Length != (long)batch.Count * Model.EmbeddingLength)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows.Length, $"{batch.Count} rows of {Model.EmbeddingLength} values");
        }

        fixed (float* embeddings = rows)
        {
            return Decode(batch.ToNative(embeddings));
        }
    }

    private LlamaDecodeResult Decode(LlamaNativeBatch batch)
    {
        var code = LlamaNative.llama_decode(Handle, batch);
        return code switch
        {
            0 => LlamaDecodeResult.Success,
            1 => LlamaDecodeResult.NoKvSlot,
            2 => LlamaDecodeResult.Aborted,
            -1 => LlamaDecodeResult.InvalidBatch,
            _ => LlamaDecodeResult.Fatal,
        };
    }

    /// <summary>The logits of the token at <paramref name="batchIndex"/> in the last decoded batch (it must have asked for output); valid until the next decode.</summary>
    public ReadOnlySpan<float> GetLogits(int batchIndex)
    {
        var row = LlamaNative.llama_get_logits_ith(Handle, batchIndex);
        if (row is null)
        {
            throw new ArgumentOutOfRangeException(nameof(batchIndex), batchIndex, "the last decode produced no output for this batch index");
        }

        return new ReadOnlySpan<float>(row, Model.Vocabulary.TokenCount);
    }

    /// <summary>The pooled embedding of <paramref name="sequence"/> after the last decode (a context created with Embeddings); valid until the next decode.</summary>
    public ReadOnlySpan<float> GetSequenceEmbedding(LlamaSeqId sequence)
    {
        var vector = LlamaNative.llama_get_embeddings_seq(Handle, sequence);
        if (vector is null)
        {
            throw new InvalidOperationException($"the context pools no embeddings (pooling {PoolingType}) or sequence {sequence.Value} was not in the last decode");
        }

        return new ReadOnlySpan<float>(vector, Model.EmbeddingLength);
    }

    /// <summary>Waits for the last decode's device work (afterwards reading its outputs from several threads is safe).</summary>
    public void Synchronize() => LlamaNative.llama_synchronize(Handle);

    /// <summary>Attaches a sampler chain to run on the backend (GPU) for one sequence, or detaches with null; false if llama.cpp keeps sampling on the host.</summary>
    /// <remarks>A chain can be attached once; it must stay alive until detached. The next decode re-reserves the graph.</remarks>
    public bool SetBackendSampler(LlamaSeqId sequence, SamplerChain? chain)
    {
        var attached = LlamaNative.llama_set_sampler(Handle, sequence, chain?.DangerousPointer ?? 0);
        chain?.MarkOnBackend(attached);
        return attached;
    }

    /// <summary>The token the backend sampler chose for the token at <paramref name="batchIndex"/>, LlamaToken.Null if none.</summary>
    public LlamaToken GetBackendSampledToken(int batchIndex) => LlamaNative.llama_get_sampled_token_ith(Handle, batchIndex);

    /// <inheritdoc/>
    public void Dispose()
    {
        Handle.Dispose();
        _adapter?.Handle.DangerousRelease();
        _adapterStack?.Dispose();
        _adapter = null;
        foreach (var sampler in _backendSamplers)
        {
            GC.KeepAlive(sampler);
        }
    }
}
