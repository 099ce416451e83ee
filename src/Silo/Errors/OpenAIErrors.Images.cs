using Cluster.Contracts.OpenAI;
using Cluster.Silo.Images;

namespace Cluster.Silo.Errors;

internal static partial class OpenAIErrors
{
    /// <summary>400 for images sent to a model without a vision projector; names the model.</summary>
    public static OpenAIErrorResult ModelTakesNoImages(string model, string param = "messages") =>
        InvalidParameter(param,
            $"The model '{model}' does not take images (it has no vision projector); send text only, or use a model configured with Silo:Models:N:Projector.",
            "image_content_not_supported");

    /// <summary>400 for an image that is not a decodable picture, or one the projector cannot prepare.</summary>
    public static OpenAIErrorResult InvalidImage(string message, string param = "messages") =>
        InvalidParameter(param, $"{message}.", "invalid_image");

    /// <summary>400 or 413 for an image that could not be loaded.</summary>
    public static OpenAIErrorResult FromImageFailure(ImageLoadFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return Create(failure.Status, failure.Message, OpenAIErrorTypes.InvalidRequest, failure.Param, failure.Code);
    }
}
