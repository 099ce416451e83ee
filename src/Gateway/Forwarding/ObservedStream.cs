namespace Cluster.Gateway.Forwarding;

/// <summary>
/// The silo's response body as the forwarder reads it: bytes pass unchanged to the observer and on to the client;
/// when a stream breaks midway (silo died, idle too long) it ends with an error event instead of an exception,
/// so the client gets a well-formed end promptly rather than a reset or a hang.
/// </summary>
internal sealed class ObservedStream(Stream inner, ForwardingAttempt attempt, ResponseObserver observer, TimeSpan idleTimeout, CancellationToken clientAborted) : Stream
{
    private CancellationTokenSource? _idle;
    private byte[]? _tail;
    private int _tailOffset;
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_tail is not null)
        {
            return ReadTail(buffer.Span);
        }

        if (_ended)
        {
            return 0;
        }

        var streaming = observer.Format != ResponseFormat.Json;
        try
        {
            int read;
            if (streaming)
            {
                _idle ??= CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                _idle.CancelAfter(idleTimeout);
                read = await inner.ReadAsync(buffer, _idle.Token);
            }
            else
            {
                read = await inner.ReadAsync(buffer, cancellationToken);
            }

            if (read == 0 && !buffer.IsEmpty)
            {
                _ended = true;
                observer.Complete();
                return 0;
            }

            // Zero-byte reads (YARP waits for data this way before renting a buffer) are not the end.
            if (read > 0 && attempt.FirstByteAt == 0)
            {
                attempt.FirstByteAt = System.Diagnostics.Stopwatch.GetTimestamp();
            }

            observer.Observe(buffer.Span[..read]);
            return read;
        }
        catch (Exception ex) when (streaming && !clientAborted.IsCancellationRequested && ex is IOException or HttpRequestException or OperationCanceledException)
        {
            attempt.StreamCut = true;
            _ended = true;
            var message = $"The stream from silo {attempt.Decision.Silo.Name} broke midway; the answer is incomplete. Retry the request.";
            _tail = observer.Format == ResponseFormat.Sse
                ? Errors.OpenAIErrors.SseEvent(message, "upstream_stream_cut")
                : Errors.OpenAIErrors.NdjsonLine(message, "upstream_stream_cut");
            return ReadTail(buffer.Span);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _idle?.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int ReadTail(Span<byte> destination)
    {
        var remaining = _tail.AsSpan(_tailOffset);
        var count = Math.Min(remaining.Length, destination.Length);
        remaining[..count].CopyTo(destination);
        _tailOffset += count;
        return count;
    }
}
