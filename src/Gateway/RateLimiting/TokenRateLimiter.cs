using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Cluster.Gateway.Auth;

namespace Cluster.Gateway.RateLimiting;

/// <summary>Tokens per minute per API key: a token bucket charged with each request's estimate (prompt bytes / 4 + max output), as OpenAI counts.</summary>
internal sealed class TokenRateLimiter : IDisposable
{
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _buckets = new(StringComparer.Ordinal);

    /// <summary>Null when the request may go; otherwise how long to wait.</summary>
    public TimeSpan? TryAcquire(ApiKeyIdentity identity, int estimatedTokens)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.TokensPerMinute <= 0)
        {
            return null;
        }

        var limit = identity.TokensPerMinute;
        var bucket = _buckets.GetOrAdd(string.Create(CultureInfo.InvariantCulture, $"{identity.Id}:{limit}"), _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit,
            TokensPerPeriod = Math.Max(1, limit / 60),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

        // A request larger than the whole budget waits for a full bucket rather than never passing.
        using var lease = bucket.AttemptAcquire(Math.Clamp(estimatedTokens, 1, limit));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Dispose();
        }
    }
}
