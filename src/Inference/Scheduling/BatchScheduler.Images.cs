using Cluster.Inference.Generation;
using Cluster.Inference.Multimodal;
using Cluster.Inference.Native;

namespace Cluster.Inference.Scheduling;

// Images in prompts. A prompt's image span is prefilled like text, within the same step budget and in the same
// oldest-first order, but its rows are input embeddings, and llama.cpp decodes a batch of tokens or of embeddings,
// never both: so a sequence's step chunk stops at an image's edges, and an image chunk is decoded on its own while the
// step's batch is built, before the shared decode. A long image is split across steps like a long prompt, so the
// sequences that are generating wait for at most one budget's worth of image rows per step.
public sealed partial class BatchScheduler
{
    private TokenBatch? _imageRows;

    /// <summary>Where this step's prefill of <paramref name="sequence"/> must stop: the end of the image it is in, the start of the next image, or the prompt's end.</summary>
    private static int PrefillLimit(ActiveSequence sequence)
    {
        var request = sequence.Pending.Request;
        foreach (var image in request.Images)
        {
            if (sequence.Prefilled < image.Start)
            {
                return image.Start;
            }

            if (sequence.Prefilled < image.End)
            {
                return image.End;
            }
        }

        return request.Prompt.Count;
    }

    /// <summary>The image whose rows the sequence prefills next, or null when it is at text.</summary>
    private static ImageSpan? ImageAt(ActiveSequence sequence)
    {
        foreach (var image in sequence.Pending.Request.Images)
        {
            if (sequence.Prefilled >= image.Start && sequence.Prefilled < image.End)
            {
                return image;
            }
        }

        return null;
    }

    /// <summary>Decodes this step's rows of <paramref name="image"/> into the sequence's KV; the placeholders become resident.</summary>
    private void PrefillImage(ActiveSequence sequence, ImageSpan image)
    {
        _imageRows ??= new TokenBatch(_tokenBudget);
        var width = Model.EmbeddingLength;
        var first = sequence.Prefilled;
        var count = sequence.PrefillThisStep;
        var prompt = sequence.Pending.Request.Prompt;
        _imageRows.Clear();
        for (var i = first; i < first + count; i++)
        {
            _imageRows.Add(prompt[i], new LlamaPos(i), sequence.Slot.Id, wantOutput: false);
        }

        var result = _context.DecodeEmbeddings(_imageRows, image.Embeddings.AsSpan((first - image.Start) * width, count * width));
        sequence.PrefillThisStep = 0;
        if (result != LlamaDecodeResult.Success)
        {
            LogDecodeFailed(_logger, result, count);
            _context.RemoveTokens(sequence.Slot.Id, sequence.Slot.Resident.Count);
            Finish(sequence, new InvalidOperationException($"llama_decode of an image failed: {result}"));
            return;
        }

        for (var i = first; i < first + count; i++)
        {
            sequence.Slot.Resident.Add(prompt[i]);
        }

        sequence.Prefilled = first + count;
    }
}
