using System.Security.Cryptography;
using System.Text;
using Cluster.Contracts.Membership;
using Cluster.Contracts.OpenAI;
using Cluster.Contracts.Store;
using Cluster.Gateway.Errors;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Membership;

/// <summary>The internal API silos heartbeat into when they do not write the store themselves.</summary>
internal static partial class MembershipApi
{
    /// <summary>Maps POST /internal/membership/heartbeat.</summary>
    public static IEndpointRouteBuilder MapMembershipApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(MembershipEndpoints.Heartbeat, HeartbeatAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> HeartbeatAsync(
        HttpContext context,
        IMembershipStore store,
        IOptions<MembershipOptions> options,
        ILoggerFactory loggerFactory)
    {
        if (!SecretMatches(options.Value.Secret, context.Request.Headers[MembershipEndpoints.SecretHeader]))
        {
            return new OpenAIErrorResult(StatusCodes.Status401Unauthorized, OpenAIErrorTypes.InvalidRequest, $"Missing or wrong {MembershipEndpoints.SecretHeader}; set the silo's Cluster:Membership:Secret to the gateway's Gateway:Membership:Secret.", "invalid_cluster_secret");
        }

        SiloHeartbeat? heartbeat;
        try
        {
            heartbeat = await context.Request.ReadFromJsonAsync(MembershipJsonContext.Default.SiloHeartbeat, context.RequestAborted);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return OpenAIErrorResult.BadRequest($"The heartbeat is not valid JSON: {ex.Message}");
        }

        if (Validate(heartbeat) is { } problem)
        {
            return OpenAIErrorResult.BadRequest(problem);
        }

        if (heartbeat!.Leaving)
        {
            await store.RemoveSiloAsync(heartbeat.SiloId, context.RequestAborted);
            var logger = loggerFactory.CreateLogger(typeof(MembershipApi));
            LogLeaving(logger, heartbeat.SiloId);
        }
        else
        {
            await store.UpsertSiloAsync(heartbeat, context.RequestAborted);
        }

        return TypedResults.NoContent();
    }

    private static string? Validate(SiloHeartbeat? heartbeat)
    {
        if (heartbeat is null || string.IsNullOrWhiteSpace(heartbeat.SiloId))
        {
            return "The heartbeat needs a silo_id.";
        }

        if (!Uri.TryCreate(heartbeat.Address, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            return $"The heartbeat's address '{heartbeat.Address}' is not an absolute http(s) URL.";
        }

        return heartbeat.Models is null ? "The heartbeat needs a models list." : null;
    }

    private static bool SecretMatches(string? expected, string? given) =>
        expected is null || (given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloId} is leaving")]
    private static partial void LogLeaving(ILogger logger, string siloId);
}
