using Cluster.Grains.Models;
using Cluster.Inference.Multimodal;
using Cluster.Silo.Errors;
using Cluster.Silo.Images;

namespace Cluster.Silo.Generation;

/// <summary>Loads a chat's images and checks that its model can read them.</summary>
internal static class ChatImagePrompt
{
    /// <summary>The image files in prompt order (empty for a text chat), or the error: 400 when the model takes no images or one is bad, 413 when one is too large.</summary>
    public static async Task<(ReadOnlyMemory<byte>[] Files, OpenAIErrorResult? Error)> LoadAsync(
        IModelHost grain, ImageLoader loader, IReadOnlyList<ImageReference> images, CancellationToken cancellationToken)
    {
        if (images.Count == 0)
        {
            return ([], null);
        }

        if (grain.Projector is null)
        {
            return ([], OpenAIErrors.ModelTakesNoImages(grain.ModelId));
        }

        var (files, failure) = await loader.LoadAsync(images, cancellationToken).ConfigureAwait(false);
        return failure is null ? (files, null) : ([], OpenAIErrors.FromImageFailure(failure));
    }

    /// <summary>Tokenizes a rendered prompt with its images on the model's projector (off the request thread: encoding is heavy).</summary>
    public static async Task<(MultimodalPrompt? Prompt, OpenAIErrorResult? Error)> TokenizeAsync(
        VisionProjector projector, string prompt, ReadOnlyMemory<byte>[] files, bool addSpecial, CancellationToken cancellationToken)
    {
        try
        {
            var tokenized = await Task.Run(() => projector.Tokenize(prompt, files, addSpecial, parseSpecial: true), cancellationToken).ConfigureAwait(false);
            return (tokenized, null);
        }
        catch (ImageDecodeException error)
        {
            return (null, OpenAIErrors.InvalidImage(error.Message));
        }
        catch (ArgumentException error)
        {
            return (null, OpenAIErrors.InvalidImage(error.Message));
        }
    }
}
