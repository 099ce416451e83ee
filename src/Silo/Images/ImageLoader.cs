using System.Buffers.Text;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Images;

/// <summary>
/// Turns a request's image references into image files: data: URLs and bare base64 are decoded, http(s) URLs fetched
/// (in parallel, each within the fetch timeout and the size limit). The projector decodes the files afterwards.
/// </summary>
internal sealed partial class ImageLoader(IHttpClientFactory clients, IOptions<ImageOptions> options, TimeProvider time, ILogger<ImageLoader> logger)
{
    /// <summary>The files in order, or the first failure.</summary>
    public async Task<(ReadOnlyMemory<byte>[] Files, ImageLoadFailure? Failure)> LoadAsync(IReadOnlyList<ImageReference> images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        var limits = options.Value;
        if (images.Count > limits.MaxImagesPerRequest)
        {
            return ([], new ImageLoadFailure(400, images[limits.MaxImagesPerRequest].Param,
                $"This request has {images.Count} images; the limit is {limits.MaxImagesPerRequest} (Silo:Images:MaxImagesPerRequest).", "too_many_images"));
        }

        var loads = images.Select(image => LoadOneAsync(image, limits, cancellationToken)).ToArray();
        var results = await Task.WhenAll(loads).ConfigureAwait(false);
        return results.FirstOrDefault(result => result.Failure is not null) is { Failure: { } failure }
            ? ([], failure)
            : ([.. results.Select(result => result.File)], null);
    }

    private async Task<(ReadOnlyMemory<byte> File, ImageLoadFailure? Failure)> LoadOneAsync(ImageReference image, ImageOptions limits, CancellationToken cancellationToken)
    {
        var source = image.Source.Trim();
        if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return await FetchAsync(image, source, limits, cancellationToken).ConfigureAwait(false);
        }

        string base64;
        if (source.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = source.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !source.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                return Failed(400, image, "is a data: URL without base64 data; send data:image/png;base64,… (or jpeg, gif, bmp).", "invalid_image_url");
            }

            base64 = source[(comma + 1)..];
        }
        else if (Uri.TryCreate(source, UriKind.Absolute, out var other) && other.Scheme.Length > 1 && !Base64.IsValid(source))
        {
            return Failed(400, image, $"has the scheme '{other.Scheme}'; send an http(s) URL or a data: URL with base64 data.", "invalid_image_url");
        }
        else
        {
            base64 = source;
        }

        if ((long)base64.Length / 4 * 3 > limits.MaxImageBytes + 2)
        {
            return TooLarge(image, limits);
        }

        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        return Convert.TryFromBase64String(base64, bytes, out var written)
            ? (bytes.AsMemory(0, written), null)
            : Failed(400, image, "is not valid base64.", "invalid_image");
    }

    private static (ReadOnlyMemory<byte>, ImageLoadFailure?) Failed(int status, ImageReference image, string reason, string code) =>
        (ReadOnlyMemory<byte>.Empty, new ImageLoadFailure(status, image.Param, $"The image at {image.Param} {reason}", code));

    private static (ReadOnlyMemory<byte>, ImageLoadFailure?) TooLarge(ImageReference image, ImageOptions limits) =>
        Failed(413, image, string.Create(CultureInfo.InvariantCulture, $"is larger than {limits.MaxImageBytes} bytes (Silo:Images:MaxImageBytes)."), "image_too_large");
}
