using Cluster.Inference.Generation;
using Cluster.Inference.Grammar;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;

namespace Cluster.Inference.Scheduling;

public sealed partial class BatchScheduler
{
    // A sequence with a grammar draws within it; any other draws with its chain alone. Log probabilities are read from
    // the same row before the next decode replaces it.
    private LlamaToken SampleNext(ActiveSequence sequence, RowSplit? split)
    {
        var token = sequence.Grammar is { } grammar
            ? grammar.Sample(sequence.Sampler, _context, sequence.BatchIndex)
            : sequence.Sampler.Sample(_context, sequence.BatchIndex, split);
        if (sequence.Pending.Request.LogProbs is { } top)
        {
            sequence.LastLogProb = LogProbCapture.Capture(_context.GetLogits(sequence.BatchIndex), token, top);
        }

        return token;
    }

    // Grammars and log probabilities read the logits row on the host, which backend (GPU) sampling does not keep. A
    // grammar ends by allowing only end-of-generation, so it cannot run with those banned; one llama.cpp cannot parse
    // is refused here, not in the loop.
    private GenerationRequestError? ValidateConstraints(GenerationRequest request)
    {
        if (_options.BackendSampling && (request.Grammar is not null || request.LogProbs is not null))
        {
            return new GenerationRequestError(request.Grammar is null ? "logprobs" : "response_format", null,
                "this model samples on the GPU (Scheduler:BackendSampling), where structured output, forced tool calls and logprobs are not available");
        }

        if (request.Grammar is null)
        {
            return null;
        }

        if (request.IgnoreEos)
        {
            return new GenerationRequestError("ignore_eos", null, "ignore_eos cannot be combined with structured output, which must be able to end");
        }

        using var parsed = GrammarConstraint.TryCreate(Model.Vocabulary, request.Grammar, JsonGrammar.Root);
        return parsed is null ? new GenerationRequestError("response_format", null, "the grammar built for this request does not parse") : null;
    }

    private GrammarConstraint? GrammarFor(GenerationRequest request) => request.Grammar is null ? null
        : GrammarConstraint.TryCreate(Model.Vocabulary, request.Grammar, JsonGrammar.Root)
            ?? throw new ArgumentException("llama.cpp could not parse the request's grammar", nameof(request));
}
