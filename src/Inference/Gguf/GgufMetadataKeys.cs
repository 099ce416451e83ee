namespace Cluster.Inference.Gguf;

/// <summary>Names of the GGUF metadata keys this code reads or writes, as spelled by llama.cpp.</summary>
public static class GgufMetadataKeys
{
    /// <summary>The model architecture, e.g. <c>llama</c> (string).</summary>
    public const string Architecture = "general.architecture";

    /// <summary>A human-readable model name (string).</summary>
    public const string Name = "general.name";

    /// <summary>The llama.cpp file type (<c>llama_ftype</c>) of most tensors (uint32).</summary>
    public const string FileType = "general.file_type";

    /// <summary>The version of the quantisation formats used (uint32, currently 2).</summary>
    public const string QuantizationVersion = "general.quantization_version";

    /// <summary>The alignment of the data section and of each tensor's data (uint32 power of two).</summary>
    public const string Alignment = "general.alignment";

    /// <summary>What the file holds: <c>model</c> (the default when absent) or <c>adapter</c> (string).</summary>
    public const string GeneralType = "general.type";

    /// <summary>An adapter's kind, e.g. <c>lora</c> (string).</summary>
    public const string AdapterType = "adapter.type";

    /// <summary>A LoRA adapter's alpha: llama.cpp scales B·A by alpha / rank (float32; 0 means a scale of 1).</summary>
    public const string LoraAlpha = "adapter.lora.alpha";

    /// <summary>The prefix shared by every tokenizer key.</summary>
    public const string TokenizerPrefix = "tokenizer.";

    /// <summary>The tokenizer model, e.g. <c>gpt2</c> or <c>llama</c> (string).</summary>
    public const string TokenizerModel = "tokenizer.ggml.model";

    /// <summary>The token texts, indexed by token id (string array).</summary>
    public const string TokenizerTokens = "tokenizer.ggml.tokens";

    /// <summary>The Jinja chat template (string).</summary>
    public const string ChatTemplate = "tokenizer.chat_template";

    /// <summary>Returns <c>{architecture}.context_length</c>, the training context length (uint32).</summary>
    public static string ContextLength(string architecture) => $"{architecture}.context_length";

    /// <summary>False for bidirectional attention (an encoder); absent means causal.</summary>
    public static string AttentionCausal(string architecture) => $"{architecture}.attention.causal";

    /// <summary>How an embedding model pools token embeddings (llama_pooling_type as uint32); absent on generation models.</summary>
    public static string PoolingType(string architecture) => $"{architecture}.pooling_type";

    /// <summary>Returns <c>{architecture}.embedding_length</c>, the hidden size (uint32).</summary>
    public static string EmbeddingLength(string architecture) => $"{architecture}.embedding_length";

    /// <summary>Returns <c>{architecture}.block_count</c>, the number of layers (uint32).</summary>
    public static string BlockCount(string architecture) => $"{architecture}.block_count";

    /// <summary>Returns <c>{architecture}.feed_forward_length</c>, the FFN hidden size (uint32).</summary>
    public static string FeedForwardLength(string architecture) => $"{architecture}.feed_forward_length";

    /// <summary>Returns <c>{architecture}.attention.head_count</c> (uint32).</summary>
    public static string HeadCount(string architecture) => $"{architecture}.attention.head_count";

    /// <summary>Returns <c>{architecture}.attention.head_count_kv</c> (uint32).</summary>
    public static string HeadCountKv(string architecture) => $"{architecture}.attention.head_count_kv";

    /// <summary>Returns <c>{architecture}.attention.layer_norm_rms_epsilon</c> (float32).</summary>
    public static string RmsNormEpsilon(string architecture) => $"{architecture}.attention.layer_norm_rms_epsilon";

    /// <summary>Returns <c>{architecture}.rope.freq_base</c> (float32).</summary>
    public static string RopeFreqBase(string architecture) => $"{architecture}.rope.freq_base";

    /// <summary>Returns <c>{architecture}.rope.dimension_count</c>, the rotated dimensions per head (uint32).</summary>
    public static string RopeDimensionCount(string architecture) => $"{architecture}.rope.dimension_count";

    /// <summary>Returns <c>{architecture}.vocab_size</c>, the number of tokens (uint32).</summary>
    public static string VocabSize(string architecture) => $"{architecture}.vocab_size";
}
