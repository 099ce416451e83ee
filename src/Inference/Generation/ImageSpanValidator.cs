namespace Cluster.Inference.Generation;

/// <summary>Checks a request's image spans against its prompt and the model's embedding width.</summary>
internal static class ImageSpanValidator
{
    /// <summary>Returns what is wrong, or null when the spans are in order, inside the prompt, sized right and followed by text.</summary>
    public static GenerationRequestError? Validate(GenerationRequest request, int embeddingLength)
    {
        var end = 0;
        foreach (var image in request.Images)
        {
            if (image.Start < end || image.Count < 1 || image.End >= request.Prompt.Count)
            {
                return new GenerationRequestError("messages", null,
                    "images must lie inside the prompt in order, without overlapping, and the prompt must end with text");
            }

            if (image.Embeddings.LongLength != (long)image.Count * embeddingLength)
            {
                return new GenerationRequestError("messages", null,
                    $"an image's embeddings hold {image.Embeddings.LongLength} values, not {image.Count} × {embeddingLength}: the projector does not match the model");
            }

            end = image.End;
        }

        return null;
    }
}
