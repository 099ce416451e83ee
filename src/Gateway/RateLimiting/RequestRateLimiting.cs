using System.Globalization;
using System.Threading.RateLimiting;
using Cluster.Contracts.OpenAI;
using Cluster.Gateway.Auth;
using Cluster.Gateway.Errors;
using Microsoft.AspNetCore.RateLimiting;

namespace Cluster.Gateway.RateLimiting;

/// <summary>Requests per minute per API key, through ASP.NET Core's rate limiter; rejections answer 429 with Retry-After.</summary>
internal static class RequestRateLimiting
{
    /// <summary>The endpoint policy name.</summary>
    public const string PerKeyPolicy = "per-key-requests";

    /// <summary>Adds the per-key policy.</summary>
    public static IServiceCollection AddRequestRateLimiting(this IServiceCollection services) => services.AddRateLimiter(options =>
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(PerKeyPolicy, context =>
        {
            var identity = context.Features.Get<ApiKeyIdentity>();
            if (identity is not { RequestsPerMinute: > 0 })
            {
                return RateLimitPartition.GetNoLimiter(string.Empty);
            }

            // The limit is part of the partition key so a changed limit takes effect.
            return RateLimitPartition.GetSlidingWindowLimiter(
                string.Create(CultureInfo.InvariantCulture, $"{identity.Id}:{identity.RequestsPerMinute}"),
                _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = identity.RequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    SegmentsPerWindow = 12,
                    QueueLimit = 0,
                });
        });
        options.OnRejected = (context, cancellationToken) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(5);
            return new ValueTask(OpenAIErrors.WriteAsync(
                context.HttpContext, StatusCodes.Status429TooManyRequests, OpenAIErrorTypes.RateLimit,
                "Rate limit reached for requests per minute on this API key. Retry after the time in Retry-After.", "rate_limit_exceeded", retryAfter: retryAfter));
        };
    });
}
