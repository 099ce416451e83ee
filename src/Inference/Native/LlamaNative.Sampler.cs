using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

internal static unsafe partial class LlamaNative
{
    /// <summary>Default chain parameters.</summary>
    [LibraryImport(Llama)]
    public static partial LlamaSamplerChainParams llama_sampler_chain_default_params();

    /// <summary>Creates an empty chain.</summary>
    [LibraryImport(Llama)]
    public static partial SafeLlamaSamplerHandle llama_sampler_chain_init(LlamaSamplerChainParams parameters);

    /// <summary>Appends a sampler; the chain takes ownership of it.</summary>
    [LibraryImport(Llama)]
    public static partial void llama_sampler_chain_add(SafeLlamaSamplerHandle chain, nint sampler);

    /// <summary>Number of samplers in a chain.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_sampler_chain_n(SafeLlamaSamplerHandle chain);

    /// <summary>Picks the highest logit.</summary>
    [LibraryImport(Llama)]
    public static partial nint llama_sampler_init_greedy();

    /// <summary>Draws from the distribution with a seeded RNG (DefaultSeed = random).</summary>
    [LibraryImport(Llama)]
    public static partial nint llama_sampler_init_dist(uint seed);

    /// <summary>Keeps the k most likely (k &lt;= 0: no-op).</summary>
    [LibraryImport(Llama)]
    public static partial nint llama_sampler_init_top_k(int k);

    /// <summary>Nucleus sampling.</summary>
    [LibraryImport(Llama)]
    public static partial nint llama_sampler_init_top_p(float p, nuint minKeep);

    /// <summary>Min-p sampling.</summary>
    [LibraryImport(Llama)]
    public static partial nint llama_sampler_init_min_p(float p, nuint minKeep);

    /// <summary>Locally typical sampling (p &gt;= 1 is a no-op; it has no backend implementation, so it ends a chain's GPU prefix).</summary>
    [LibraryImport(Llama)]
    public static partial nint llama_sampler_init_typical(float p, nuint minKeep);

    /// <summary>Temperature scaling.</summary>
    [LibraryImport(Llama)]
    public static partial nint llama_sampler_init_temp(float temperature);

    /// <summary>Repetition, frequency and presence penalties over the last n tokens.</summary>
    [LibraryImport(Llama)]
    public static partial nint llama_sampler_init_penalties(int vocabSize, int lastN, float repeat, float frequency, float presence);

    /// <summary>Adds fixed biases to chosen logits.</summary>
    [LibraryImport(Llama)]
    public static partial nint llama_sampler_init_logit_bias(int vocabSize, int biasCount, LlamaLogitBias* biases);

    /// <summary>Samples and accepts a token from output idx of the last decode.</summary>
    [LibraryImport(Llama)]
    public static partial LlamaToken llama_sampler_sample(SafeLlamaSamplerHandle sampler, SafeLlamaContextHandle context, int index);

    /// <summary>Tells the sampler (penalties, RNG) which token was taken.</summary>
    [LibraryImport(Llama)]
    public static partial void llama_sampler_accept(SafeLlamaSamplerHandle sampler, LlamaToken token);

    /// <summary>Applies the sampler to a candidate set.</summary>
    [LibraryImport(Llama)]
    public static partial void llama_sampler_apply(SafeLlamaSamplerHandle sampler, LlamaTokenDataArray* candidates);

    /// <summary>Resets sampler state.</summary>
    [LibraryImport(Llama)]
    public static partial void llama_sampler_reset(SafeLlamaSamplerHandle sampler);

    /// <summary>Frees a sampler not owned by a chain.</summary>
    [LibraryImport(Llama)]
    public static partial void llama_sampler_free(nint sampler);

    /// <summary>The seed a sampler uses, DefaultSeed if none.</summary>
    [LibraryImport(Llama)]
    public static partial uint llama_sampler_get_seed(SafeLlamaSamplerHandle sampler);

    /// <summary>Attaches a backend (GPU) sampler chain to one sequence at run time.</summary>
    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool llama_set_sampler(SafeLlamaContextHandle context, LlamaSeqId seq, nint sampler);

    /// <summary>The token a backend sampler chose for output i, LlamaToken.Null if none.</summary>
    [LibraryImport(Llama)]
    public static partial LlamaToken llama_get_sampled_token_ith(SafeLlamaContextHandle context, int index);

    /// <summary>Candidate token ids a backend sampler kept for output i.</summary>
    [LibraryImport(Llama)]
    public static partial LlamaToken* llama_get_sampled_candidates_ith(SafeLlamaContextHandle context, int index);

    /// <summary>Number of candidates a backend sampler kept for output i.</summary>
    [LibraryImport(Llama)]
    public static partial uint llama_get_sampled_candidates_count_ith(SafeLlamaContextHandle context, int index);

    /// <summary>Logits of the kept candidates for output i.</summary>
    [LibraryImport(Llama)]
    public static partial float* llama_get_sampled_logits_ith(SafeLlamaContextHandle context, int index);
}
