namespace Cluster.Grains.Models;

/// <summary>
/// A request's output stream that runs a release exactly once: when an enumerator of it is disposed (read to the end or
/// not, even before its first item), or when the request is cancelled before anyone started reading it. Counts that
/// follow accepted requests (requests in flight on a replica, users of an adapter) go down on every path, and not
/// before a reader is done: a cancelled stream being read still counts until its reader lets go. Disposing it also
/// cancels the request (through <c>request</c>, the source it was submitted with), so a stream dropped unread does not
/// keep running with what was released.
/// </summary>
internal sealed class ReleasingStream<T> : IAsyncEnumerable<T>
{
    private readonly IAsyncEnumerable<T> _stream;
    private readonly Action _release;
    private readonly CancellationTokenSource _request;
    private int _released;
    private int _read;

    public ReleasingStream(IAsyncEnumerable<T> stream, Action release, CancellationTokenSource request)
    {
        _stream = stream;
        _release = release;
        _request = request;
        // Runs at once when the request is already cancelled.
        request.Token.Register(ReleaseOnCancel);
    }

    /// <inheritdoc/>
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        Interlocked.Exchange(ref _read, 1);
        return new Enumerator(this, _stream.GetAsyncEnumerator(cancellationToken));
    }

    // The request's source is cancelled (by its caller's token): its registrations have run, so there is nothing to free.
    // A reader's enumerator releases when it is disposed, which a cancelled read always comes to.
    private void ReleaseOnCancel()
    {
        if (Volatile.Read(ref _read) == 0 && Interlocked.Exchange(ref _released, 1) == 0)
        {
            _release();
        }
    }

    private void ReleaseOnDispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _request.Cancel();
            _release();
            _request.Dispose();
        }
    }

    private sealed class Enumerator(ReleasingStream<T> owner, IAsyncEnumerator<T> inner) : IAsyncEnumerator<T>
    {
        public T Current => inner.Current;

        public ValueTask<bool> MoveNextAsync() => inner.MoveNextAsync();

        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                owner.ReleaseOnDispose();
            }
        }
    }
}
