using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Text;

namespace Cluster.Inference.Sampling;

/// <summary>
/// Keeps one sequence's output inside a GBNF grammar (llama.cpp's grammar sampler). The sequence's own chain draws
/// first; only when the grammar refuses that token is the whole row narrowed to what the grammar allows and drawn
/// again, which gives the same distribution as narrowing first (a refused draw is thrown away) at a fraction of the
/// cost. The chain's penalties see only the tokens kept. Owned by the thread that decodes; not thread-safe.
/// </summary>
public sealed unsafe class GrammarConstraint : IDisposable
{
    private readonly SafeLlamaSamplerHandle _grammar;
    private LlamaTokenData[] _candidates = [];
    private float[] _allowed = [];

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
        ArgumentNullException.ThrowIfNull(context);
        return Sample(chain, context.GetLogits(batchIndex));
    }

    /// <summary>As <see cref="Sample(SamplerChain, LlamaContext, int)"/>, from one logits row.</summary>
    /// <remarks>
    /// Only the token kept is recorded for the chain's penalties: a draw the grammar refuses is neither penalised later
    /// nor does it stand in for the token drawn again, which sees the same penalties as the first draw.
    /// </remarks>
    internal LlamaToken Sample(SamplerChain chain, ReadOnlySpan<float> logits)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var token = chain.Draw(logits);
        if (!Allows(token))
        {
            token = chain.Draw(Allowed(logits));
        }

        chain.Accept(token);
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

    // The row with every token the grammar refuses at minus infinity, so that the chain's penalties, truncations and
    // draw run over the grammar's tokens alone.
    private ReadOnlySpan<float> Allowed(ReadOnlySpan<float> logits)
    {
        if (_candidates.Length < logits.Length)
        {
            _candidates = new LlamaTokenData[logits.Length];
            _allowed = new float[logits.Length];
        }

        for (var i = 0; i < logits.Length; i++)
        {
            _candidates[i] = new LlamaTokenData { Id = new LlamaToken(i), Logit = logits[i] };
        }

        fixed (LlamaTokenData* data = _candidates)
        {
            var all = new LlamaTokenDataArray { Data = data, Size = (nuint)logits.Length, Selected = -1 };
            LlamaNative.llama_sampler_apply(_grammar, &all);
        }

        var any = false;
        for (var i = 0; i < logits.Length; i++)
        {
            _allowed[i] = _candidates[i].Logit;
            any |= !float.IsNegativeInfinity(_allowed[i]);
        }

        return any ? _allowed.AsSpan(0, logits.Length)
            : throw new InvalidOperationException("the grammar allows no token here (is end-of-generation banned?)");
    }
}
