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

    /// <summary>The errors of an endpoint that generates text: bad input, unknown model, oversized or non-JSON body, full queue, not ready.</summary>
    public static RouteHandlerBuilder ProducesGenerationErrors(this RouteHandlerBuilder builder) => builder.ProducesOpenAIErrors(
        StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
}
