using System.Threading.Channels;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;
using Cluster.Inference.Text;

namespace Cluster.Inference.Generation;

public sealed partial class TextGenerator
{
    private void RunLoop(GenerationRequest request, ChannelWriter<GenerationChunk> output, CancellationToken cancellationToken)
    {
        try
        {
            output.TryWrite(Generate(request, output, cancellationToken));
            output.TryComplete();
        }
        catch (Exception error)
        {
            output.TryComplete(error);
        }
    }

    private GenerationChunk Generate(GenerationRequest request, ChannelWriter<GenerationChunk> output, CancellationToken cancellationToken)
    {
        var vocabulary = Model.Vocabulary;
        var sequence = new LlamaSeqId(0);
        _context.ClearMemory();
        using var sampler = SamplerChain.Create(request.Sampling, vocabulary, request.IgnoreEos ? vocabulary.EndOfGenerationTokens : null);
        var decoder = new TokenTextDecoder(vocabulary);
        var stops = new StopSequenceMatcher(request.Stop);
        var batchIndex = Prefill(request.Prompt, sequence, cancellationToken);
        var position = request.Prompt.Count;
        var generated = 0;
        var maxTokens = request.MaxTokens ?? int.MaxValue;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var token = sampler.Sample(_context, batchIndex);
            if (!request.IgnoreEos && vocabulary.IsEndOfGeneration(token))
            {
                return Finish(FinishReason.Stop);
            }

            generated++;
            var text = stops.Append(decoder.Append(token));
            output.TryWrite(new GenerationChunk(text, [token], null));
            if (stops.Stopped)
            {
                return Finish(FinishReason.Stop);
            }

            if (generated >= maxTokens || position + 1 >= ContextSize)
            {
                return Finish(FinishReason.Length);
            }

            _batch.Clear();
            batchIndex = _batch.Add(token, new LlamaPos(position++), sequence, wantOutput: true);
            DecodeOrThrow();
        }

        GenerationChunk Finish(FinishReason reason) =>
            new(stops.Flush(), [], new GenerationSummary(reason, request.Prompt.Count, generated, stops.MatchedStop));
    }

    private int Prefill(IReadOnlyList<LlamaToken> prompt, LlamaSeqId sequence, CancellationToken cancellationToken)
    {
        var batchIndex = -1;
        for (var start = 0; start < prompt.Count; start += _batch.Capacity)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _batch.Clear();
            var end = Math.Min(prompt.Count, start + _batch.Capacity);
            for (var i = start; i < end; i++)
            {
                batchIndex = _batch.Add(prompt[i], new LlamaPos(i), sequence, wantOutput: i == prompt.Count - 1);
            }

            DecodeOrThrow();
        }

        return batchIndex;
    }

    private void DecodeOrThrow()
    {
        var result = _context.Decode(_batch);
        if (result != LlamaDecodeResult.Success)
        {
            throw new InvalidOperationException($"llama_decode failed: {result}");
        }
    }
}
