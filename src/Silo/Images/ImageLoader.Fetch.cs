using System.Globalization;
using System.Net;

namespace Cluster.Silo.Images;

/// <content>Fetching http(s) image URLs within the time and size limits.</content>
internal sealed partial class ImageLoader
{
    private async Task<(ReadOnlyMemory<byte> File, ImageLoadFailure? Failure)> FetchAsync(
        ImageReference image, string url, ImageOptions limits, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(limits.FetchTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = time.GetTimestamp();
        try
        {
            var client = clients.CreateClient(ImageFetchHandler.ClientName);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return Failed(400, image, $"could not be fetched: the server answered HTTP {(int)response.StatusCode}.", "image_fetch_failed");
            }

            if (response.Content.Headers.ContentLength > limits.MaxImageBytes)
            {
                return TooLarge(image, limits);
            }

            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var file = new MemoryStream();
                var buffer = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(buffer, linked.Token).ConfigureAwait(false)) > 0)
                {
                    if (file.Length + read > limits.MaxImageBytes)
                    {
                        return TooLarge(image, limits);
                    }

                    file.Write(buffer, 0, read);
                }

                var milliseconds = time.GetElapsedTime(started).TotalMilliseconds;
                LogFetched(logger, url, file.Length, milliseconds);
                return (file.GetBuffer().AsMemory(0, (int)file.Length), null);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failed(400, image, string.Create(CultureInfo.InvariantCulture, $"could not be fetched: no complete answer within {limits.FetchTimeout.TotalSeconds:0.###} s (Silo:Images:FetchTimeout)."), "image_fetch_timeout");
        }
        catch (HttpRequestException error) when (Refusal(error) is { } refused)
        {
            return Failed(400, image, $"was not fetched: {refused.Message}.", "image_url_refused");
        }
        catch (HttpRequestException error)
        {
            LogFetchFailed(logger, url, error);
            return Failed(400, image, $"could not be fetched: {error.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "its host name does not resolve",
                HttpRequestError.ConnectionError => "the connection failed",
                _ => error.Message.TrimEnd('.'),
            }}.", "image_fetch_failed");
        }
    }

    private static PrivateAddressRefusedException? Refusal(Exception error) =>
        error as PrivateAddressRefusedException ?? (error.InnerException is { } inner ? Refusal(inner) : null);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Fetched image {Url}: {Bytes} bytes in {Milliseconds:F0} ms")]
    private static partial void LogFetched(ILogger logger, string url, long bytes, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not fetch image {Url}")]
    private static partial void LogFetchFailed(ILogger logger, string url, Exception error);
}
