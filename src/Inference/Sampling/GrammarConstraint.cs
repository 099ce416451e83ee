using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Text;

namespace Cluster.Inference.Sampling;

/// <summary>
/// Keeps one sequence's output inside a GBNF grammar (llama.cpp's grammar sampler). The sequence's own chain draws
/// first; only when the grammar refuses that token is the whole row narrowed to what the grammar allows and drawn
/// again, which gives the same distribution as narrowing first (a refused draw is thrown away) at a fraction of the
/// cost. Owned by the thread that decodes; not thread-safe.
/// </summary>
public sealed unsafe class GrammarConstraint : IDisposable
{
    private readonly SafeLlamaSamplerHandle _grammar;
    private LlamaTokenData[] _candidates = [];

    private GrammarConstraint(SafeLlamaSamplerHandle grammar) => _grammar = grammar;

    /// <summary>A constraint for <paramref name="grammar"/> starting at <paramref name="root"/>, or null when llama.cpp cannot parse it.</summary>
    public static GrammarConstraint? TryCreate(LlamaVocabulary vocabulary, string grammar, string root)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var handle = LlamaNative.llama_sampler_init_grammar(vocabulary.Pointer, grammar, root);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            return null;
        }

        return new GrammarConstraint(handle);
    }

    /// <summary>Samples the next token with <paramref name="chain"/> among those the grammar allows, and advances the grammar past it.</summary>
    public LlamaToken Sample(SamplerChain chain, LlamaContext context, int batchIndex)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(context);
        var token = chain.Sample(context, batchIndex);
        if (!Allows(token))
        {
            token = SampleAllowed(chain, context.GetLogits(batchIndex));
        }

        LlamaNative.llama_sampler_accept(_grammar, token);
        return token;
    }

    /// <summary>Whether the grammar can take <paramref name="token"/> next.</summary>
    public bool Allows(LlamaToken token)
    {
        var candidate = new LlamaTokenData { Id = token, Logit = 0f };
        var single = new LlamaTokenDataArray { Data = &candidate, Size = 1, Selected = -1 };
        LlamaNative.llama_sampler_apply(_grammar, &single);
        return !float.IsNegativeInfinity(candidate.Logit);
    }

    /// <inheritdoc/>
    public void Dispose() => _grammar.Dispose();

    private LlamaToken SampleAllowed(SamplerChain chain, ReadOnlySpan<float> logits)
    {
        if (_candidates.Length < logits.Length)
        {
            _candidates = new LlamaTokenData[logits.Length];
        }

        for (var i = 0; i < logits.Length; i++)
        {
            _candidates[i] = new LlamaTokenData { Id = new LlamaToken(i), Logit = logits[i] };
        }

        fixed (LlamaTokenData* data = _candidates)
        {
            var all = new LlamaTokenDataArray { Data = data, Size = (nuint)logits.Length, Selected = -1 };
            LlamaNative.llama_sampler_apply(_grammar, &all);

            // The chain's sorts and draws then see only what the grammar left.
            var kept = 0;
            for (var i = 0; i < logits.Length; i++)
            {
                if (!float.IsNegativeInfinity(data[i].Logit))
                {
                    data[kept++] = data[i];
                }
            }

            if (kept == 0)
            {
                throw new InvalidOperationException("the grammar allows no token here (is end-of-generation banned?)");
            }

            var allowed = new LlamaTokenDataArray { Data = data, Size = (nuint)kept, Selected = -1 };
            return chain.SampleFrom(&allowed);
        }
    }
}
