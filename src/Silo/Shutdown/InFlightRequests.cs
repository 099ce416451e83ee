namespace Cluster.Silo.Shutdown;

/// <summary>The data-plane requests this silo is answering (everything but health), so a shutdown can wait for them.</summary>
internal sealed class InFlightRequests
{
    private int _count;

    /// <summary>Requests being answered now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Counts <paramref name="context"/>'s request until it has been answered.</summary>
    public async Task TrackAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _count);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
