namespace Cluster.Inference.Multimodal;

/// <summary>An image in a request could not be decoded or prepared for the projector; the message says which and why.</summary>
public sealed class ImageDecodeException : Exception
{
    /// <summary>Creates the exception for the image at <paramref name="imageIndex"/> (0-based, in prompt order).</summary>
    public ImageDecodeException(int imageIndex, string reason)
        : base($"image {imageIndex + 1} {reason}")
    {
        ImageIndex = imageIndex;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ImageDecodeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ImageDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an empty exception.</summary>
    public ImageDecodeException()
    {
    }

    /// <summary>The image that failed (0-based), or -1.</summary>
    public int ImageIndex { get; } = -1;
}
