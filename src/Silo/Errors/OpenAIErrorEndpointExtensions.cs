using Cluster.Contracts.OpenAI;

namespace Cluster.Silo.Errors;

/// <summary>Documents an endpoint's OpenAI error answers in its OpenAPI description.</summary>
internal static class OpenAIErrorEndpointExtensions
{
    public static RouteHandlerBuilder ProducesOpenAIErrors(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var statusCode in statusCodes)
        {
            builder.Produces<ErrorResponse>(statusCode, "application/json");
        }

        return builder;
    }
}
