using System.Numerics.Tensors;
using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Text;

namespace Cluster.Inference.Sampling;

/// <summary>A llama.cpp sampler chain for one sequence: penalties → bans → top-k → top-p → min-p → temperature → draw (or greedy).</summary>
/// <remarks>
/// On the host, llama.cpp's sampler copies the whole vocabulary into a candidate array every step and sorts it when
/// the nucleus is wide. Plain greedy decoding takes a vectorised argmax over the logits row instead, and every other
/// request samples with <see cref="HostSampler"/>, whose cost does not depend on its settings (bench/Decode).
/// Owned by the thread that decodes; not thread-safe.
/// </remarks>
public sealed unsafe class SamplerChain : IDisposable
{
    private readonly SafeLlamaSamplerHandle _chain;
    private readonly bool _hostArgMax;
    private readonly int[] _banned;
    private readonly HostSampler? _host;
    private float[]? _scratch;
    private LlamaTokenData[]? _candidates;
    private bool _onBackend;

    private SamplerChain(SafeLlamaSamplerHandle chain, bool hostArgMax, int[] banned, HostSampler? host = null)
    {
        _chain = chain;
        _hostArgMax = hostArgMax;
        _banned = banned;
        _host = host;
    }

    /// <summary>Number of samplers in the chain.</summary>
    public int Count => LlamaNative.llama_sampler_chain_n(_chain);

    /// <summary>Builds the chain for a request; banned tokens (e.g. end-of-generation with ignore_eos) can never be drawn.</summary>
    /// <param name="options">The request's sampling parameters.</param>
    /// <param name="vocabulary">The model's vocabulary.</param>
    /// <param name="bannedTokens">Tokens that must never be drawn.</param>
    /// <param name="hostAfterTopK">
    /// On a backend (GPU) chain, stop the GPU part after top-k: top-p, min-p, temperature and the draw then run on
    /// the host over the k survivors, which costs the GPU a full-vocabulary pass less (DESIGN.md §3).
    /// </param>
    /// <param name="candidateScan">On the host, sample with <see cref="HostSampler"/> rather than llama.cpp's chain.</param>
    public static SamplerChain Create(
        SamplingOptions options, LlamaVocabulary vocabulary, IReadOnlyList<LlamaToken>? bannedTokens = null, bool hostAfterTopK = false, bool candidateScan = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var banned = bannedTokens?.Select(token => token.Value).ToArray() ?? [];
        var chain = LlamaNative.llama_sampler_chain_init(new LlamaSamplerChainParams { NoPerf = true });
        if (options.HasPenalties)
        {
            LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_penalties(
                vocabulary.TokenCount, options.PenaltyLastN, options.RepetitionPenalty, options.FrequencyPenalty, options.PresencePenalty));
        }

        var biased = options.LogitBias is { Count: > 0 };
        if (options.IsGreedy && !options.HasPenalties && !biased)
        {
            LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_greedy());
            return new SamplerChain(chain, hostArgMax: true, banned);
        }

        if (banned.Length > 0 || biased)
        {
            var biases = (options.LogitBias ?? new Dictionary<int, float>())
                .Where(bias => !banned.Contains(bias.Key))
                .Select(bias => new LlamaLogitBias(new LlamaToken(bias.Key), bias.Value))
                .Concat(banned.Select(token => new LlamaLogitBias(new LlamaToken(token), float.NegativeInfinity)))
                .ToArray();
            fixed (LlamaLogitBias* pointer = biases)
            {
                LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_logit_bias(vocabulary.TokenCount, biases.Length, pointer));
            }
        }

        var seed = options.Seed ?? (uint)Random.Shared.Next();
        var host = candidateScan ? new HostSampler(options, banned, seed) : null;
        if (options.IsGreedy)
        {
            LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_greedy());
            return new SamplerChain(chain, hostArgMax: false, banned, host);
        }

        if (options.TopK > 0)
        {
            LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_top_k(options.TopK));
            if (hostAfterTopK)
            {
                LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_typical(1f, 1));
            }
        }

        if (options.TopP < 1f)
        {
            LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_top_p(options.TopP, 1));
        }

        if (options.MinP > 0f)
        {
            LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_min_p(options.MinP, 1));
        }

        LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_temp(options.Temperature));
        LlamaNative.llama_sampler_chain_add(chain, LlamaNative.llama_sampler_init_dist(seed));
        return new SamplerChain(chain, hostArgMax: false, banned, host);
    }

    /// <summary>Samples and accepts the next token from the logits of the token at <paramref name="batchIndex"/> in the context's last decoded batch.</summary>
    public LlamaToken Sample(LlamaContext context, int batchIndex) => Sample(context, batchIndex, split: null);

    /// <summary>As <see cref="Sample(LlamaContext, int)"/>, with the host sampler's passes over the row in parts on <paramref name="split"/>'s workers where given.</summary>
    internal LlamaToken Sample(LlamaContext context, int batchIndex, RowSplit? split)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_onBackend)
        {
            return LlamaNative.llama_sampler_sample(_chain, context.Handle, batchIndex);
        }

        if (_hostArgMax)
        {
            return ArgMax(context.GetLogits(batchIndex));
        }

        return _host is not null
            ? new LlamaToken(_host.Sample(context.GetLogits(batchIndex), split))
            : LlamaNative.llama_sampler_sample(_chain, context.Handle, batchIndex);
    }

    /// <summary>Samples and accepts the next token from one logits row, on the path <see cref="Sample(LlamaContext, int)"/> takes on the host.</summary>
    /// <remarks>Without the host sampler, llama.cpp's chain runs over a candidate array of the whole row, as llama_sampler_sample does.</remarks>
    public LlamaToken Sample(ReadOnlySpan<float> logits) => Sample(logits, split: null);

    /// <summary>As <see cref="Sample(ReadOnlySpan{float})"/>, with the host sampler's passes over the row in parts on <paramref name="split"/>'s workers where given.</summary>
    internal LlamaToken Sample(ReadOnlySpan<float> logits, RowSplit? split)
    {
        var token = Draw(logits, split);
        Accept(token);
        return token;
    }

    /// <summary>
    /// Draws the next token from one logits row without recording it for the penalties: a grammar may still refuse it,
    /// and only the token the sequence emits is accepted (<see cref="Accept"/>).
    /// </summary>
    internal LlamaToken Draw(ReadOnlySpan<float> logits, RowSplit? split = null)
    {
        if (_hostArgMax)
        {
            return ArgMax(logits);
        }

        if (_host is not null)
        {
            return new LlamaToken(_host.Draw(logits, split));
        }

        if (_candidates?.Length != logits.Length)
        {
            _candidates = new LlamaTokenData[logits.Length];
        }

        var candidates = _candidates;
        for (var token = 0; token < logits.Length; token++)
        {
            candidates[token] = new LlamaTokenData { Id = new LlamaToken(token), Logit = logits[token] };
        }

        fixed (LlamaTokenData* data = candidates)
        {
            var array = new LlamaTokenDataArray { Data = data, Size = (nuint)candidates.Length, Selected = -1 };
            LlamaNative.llama_sampler_apply(_chain, &array);
            return array.Data[array.Selected].Id;
        }
    }

    /// <summary>Restarts the chain: penalty history cleared, the random draw back at its seed.</summary>
    public void Reset()
    {
        LlamaNative.llama_sampler_reset(_chain);
        _host?.Reset();
    }

    /// <summary>Records a token the sequence takes, for the penalties (a drawn token once it is kept, or one taken without sampling).</summary>
    public void Accept(LlamaToken token)
    {
        if (_host is not null)
        {
            _host.Accept(token.Value);
        }
        else if (!_hostArgMax)
        {
            LlamaNative.llama_sampler_accept(_chain, token);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _chain.Dispose();

    internal void MarkOnBackend(bool onBackend) => _onBackend = onBackend;

    private LlamaToken ArgMax(ReadOnlySpan<float> logits)
    {
        var best = TensorPrimitives.IndexOfMax(logits);
        if (_banned.Length == 0 || Array.IndexOf(_banned, best) < 0)
        {
            return new LlamaToken(best);
        }

        _scratch ??= new float[logits.Length];
        logits.CopyTo(_scratch);
        foreach (var token in _banned)
        {
            _scratch[token] = float.NegativeInfinity;
        }

        return new LlamaToken(TensorPrimitives.IndexOfMax(_scratch));
    }

    /// <summary>The raw chain pointer for llama_context_params.samplers; the chain must outlive the context.</summary>
    internal nint DangerousPointer => _chain.DangerousGetHandle();
}
