using Cluster.Grains.Models;
using Cluster.Inference.Generation;
using Cluster.Inference.Multimodal;
using Cluster.Inference.Text;
using Cluster.Silo.Errors;
using Cluster.Silo.Images;

namespace Cluster.Silo.Generation;

/// <summary>Loads a chat's images, checks that its model can read them, and tokenizes a one-off chat with them.</summary>
internal static class ChatImagePrompt
{
    /// <summary>
    /// The image files in prompt order (empty for a text chat), or the error: 400 when the model takes no images (naming
    /// <paramref name="promptParam"/>) or one is bad, 413 when one is too large.
    /// </summary>
    public static async Task<(ReadOnlyMemory<byte>[] Files, OpenAIErrorResult? Error)> LoadAsync(
        IModelHost grain, ImageLoader loader, IReadOnlyList<ImageReference> images, string promptParam, CancellationToken cancellationToken)
    {
        if (images.Count == 0)
        {
            return ([], null);
        }

        if (grain.Projector is null)
        {
            return ([], OpenAIErrors.ModelTakesNoImages(grain.ModelId, promptParam));
        }

        var (files, failure) = await loader.LoadAsync(images, cancellationToken).ConfigureAwait(false);
        return failure is null ? (files, null) : ([], OpenAIErrors.FromImageFailure(failure));
    }

    /// <summary>
    /// A one-off request's prompt with its images: a text chat is tokenized by the model's vocabulary, one with images on
    /// its projector (off the request thread: encoding is heavy). BOS goes first; only the template's markup becomes
    /// control tokens, never message text. Returns the request to submit, or the error for an image the projector refuses.
    /// </summary>
    public static async Task<(GenerationRequest Request, OpenAIErrorResult? Error)> PromptAsync(
        IModelHost grain, GenerationRequest request, RenderedChat prompt, ReadOnlyMemory<byte>[] files, string promptParam, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grain);
        ArgumentNullException.ThrowIfNull(prompt);
        if (files.Length == 0)
        {
            return (request with { Prompt = prompt.Tokenize(grain.Vocabulary, addBeginning: true) }, null);
        }

        try
        {
            var tokenized = await Task.Run(() => grain.Projector!.Tokenize(prompt, files, addBeginning: true), cancellationToken).ConfigureAwait(false);
            return (request with { Prompt = tokenized.Tokens, Images = tokenized.Images }, null);
        }
        catch (Exception error) when (error is ImageDecodeException or ArgumentException)
        {
            return (request, OpenAIErrors.InvalidImage(error.Message, promptParam));
        }
    }
}
