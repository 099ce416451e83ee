namespace Cluster.Gateway.Forwarding;

/// <summary>
/// The silo's response body as the forwarder reads it: bytes pass unchanged to the observer and on to the client (less
/// the usage report the gateway asked for, when a filter takes it out);
/// when a stream breaks midway (silo died, idle too long) it ends with an error event instead of an exception,
/// so the client gets a well-formed end promptly rather than a reset or a hang.
/// </summary>
internal sealed class ObservedStream(
    Stream inner, ForwardingAttempt attempt, ResponseObserver observer, UsageCommentFilter? filter, TimeSpan idleTimeout, CancellationToken clientAborted) : Stream
{
    private CancellationTokenSource? _idle;
    private byte[]? _scratch;
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

        if (filter is { HasOutput: true })
        {
            return filter.Read(buffer.Span);
        }

        if (_ended)
        {
            return 0;
        }

        var streaming = observer.Format != ResponseFormat.Json;
        try
        {
            // Zero-byte reads (YARP waits for data this way before renting a buffer) pass straight through.
            var target = filter is null || buffer.IsEmpty ? buffer : Scratch(buffer.Length);
            while (true)
            {
                var read = await ReadInnerAsync(target, streaming, cancellationToken);
                if (read == 0 && !buffer.IsEmpty)
                {
                    _ended = true;
                    observer.Complete();
                    filter?.Complete();
                    return filter?.Read(buffer.Span) ?? 0;
                }

                if (read > 0 && attempt.FirstByteAt == 0)
                {
                    attempt.FirstByteAt = System.Diagnostics.Stopwatch.GetTimestamp();
                }

                observer.Observe(target.Span[..read]);
                if (filter is null || buffer.IsEmpty)
                {
                    return read;
                }

                // A read that held only the usage report (or part of a line) gives the client nothing yet: read on.
                filter.Write(target.Span[..read]);
                if (filter.HasOutput)
                {
                    return filter.Read(buffer.Span);
                }
            }
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

    private async ValueTask<int> ReadInnerAsync(Memory<byte> target, bool streaming, CancellationToken cancellationToken)
    {
        if (!streaming)
        {
            return await inner.ReadAsync(target, cancellationToken);
        }

        _idle ??= CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _idle.CancelAfter(idleTimeout);
        return await inner.ReadAsync(target, _idle.Token);
    }

    private Memory<byte> Scratch(int length)
    {
        if (_scratch is null || _scratch.Length < length)
        {
            _scratch = new byte[length];
        }

        return _scratch.AsMemory(0, length);
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
