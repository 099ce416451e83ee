using System.Net;

namespace Cluster.Gateway.Forwarding;

/// <summary>Wraps a silo response's content so the forwarder reads it through an <see cref="ObservedStream"/>.</summary>
/// <remarks>The headers are not copied: the forwarder has sent the inner content's headers before it reads this body.</remarks>
internal sealed class ObservedContent(HttpContent inner, Func<Stream, Stream> wrap) : HttpContent
{
    private readonly HttpContent _inner = inner;
    private readonly Func<Stream, Stream> _wrap = wrap;

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        _wrap(await _inner.ReadAsStreamAsync(cancellationToken));

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var source = await CreateContentReadStreamAsync(cancellationToken);
        await source.CopyToAsync(stream, cancellationToken);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
