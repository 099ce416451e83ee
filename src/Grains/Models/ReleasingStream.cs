namespace Cluster.Grains.Models;

/// <summary>
/// A request's output stream that runs a release exactly once: when an enumerator of it is disposed (read to the end or
/// not, even before its first item), or when the request is cancelled while no one reads it. Counts that follow accepted
/// requests (requests in flight on a replica, users of an adapter) go down on every path.
/// </summary>
internal sealed class ReleasingStream<T> : IAsyncEnumerable<T>
{
    private readonly IAsyncEnumerable<T> _stream;
    private readonly Action _release;
    private readonly CancellationTokenRegistration _cancelled;
    private int _released;

    public ReleasingStream(IAsyncEnumerable<T> stream, Action release, CancellationToken cancellationToken)
    {
        _stream = stream;
        _release = release;
        _cancelled = cancellationToken.Register(Release);
    }

    /// <inheritdoc/>
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) => new Enumerator(this, _stream.GetAsyncEnumerator(cancellationToken));

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _cancelled.Unregister();
            _release();
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
                owner.Release();
            }
        }
    }
}
