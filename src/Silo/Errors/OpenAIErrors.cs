using System.Globalization;
using System.Text.Json;
using Cluster.Contracts.OpenAI;
using Cluster.Grains.Models;
using Cluster.Inference.Generation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Cluster.Silo.Errors;

/// <summary>Every error the silo sends, and the one place that writes them: {"error":{"message","type","param","code"}}.</summary>
internal static partial class OpenAIErrors
{
    /// <summary>400 for a parameter with a wrong value.</summary>
    public static OpenAIErrorResult InvalidParameter(string? param, string message, string? code = null) =>
        Create(StatusCodes.Status400BadRequest, message, OpenAIErrorTypes.InvalidRequest, param, code);

    /// <summary>400 for a required parameter that is absent.</summary>
    public static OpenAIErrorResult MissingParameter(string param) =>
        InvalidParameter(param, $"Missing required parameter: '{param}'.", "missing_required_parameter");

    /// <summary>400 for a body that is not JSON (param null) or holds a value of the wrong type (param names the field).</summary>
    public static OpenAIErrorResult InvalidJson(JsonException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var where = string.Create(CultureInfo.InvariantCulture, $"line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}");

        // System.Text.Json wraps syntax errors from its reader (themselves JsonExceptions); type mismatches it throws directly.
        var param = error.InnerException is JsonException || error.Path is null or "$" ? null
            : error.Path.StartsWith("$.", StringComparison.Ordinal) ? error.Path[2..] : error.Path[1..];
        return InvalidParameter(param, param is null
            ? $"We could not parse the JSON body of your request ({where}); send a JSON object."
            : $"Invalid value for '{param}': it has the wrong JSON type ({where}).");
    }

    /// <summary>404 for a model this silo does not serve.</summary>
    public static OpenAIErrorResult ModelNotFound(string model) =>
        Create(StatusCodes.Status404NotFound, $"The model '{model}' does not exist.", OpenAIErrorTypes.InvalidRequest, "model", "model_not_found");

    /// <summary>400 for an embedding model asked to generate, or a generation model asked for embeddings.</summary>
    public static OpenAIErrorResult WrongModelKind(string model, bool isEmbeddingModel) => InvalidParameter("model", isEmbeddingModel
        ? $"The model '{model}' is an embedding model: it serves /v1/embeddings, not text generation."
        : $"The model '{model}' is a generation model: /v1/embeddings needs an embedding model (a GGUF whose pooling_type is mean, cls or last).",
        "model_not_supported");

    /// <summary>503 while a model loads, drains or after it failed.</summary>
    public static OpenAIErrorResult ModelNotReady(string model, ModelStatus status, TimeSpan retryAfter)
    {
        var state = status switch
        {
            ModelStatus.Loading => "is still loading",
            ModelStatus.Draining => "is draining",
            ModelStatus.Failed => "failed to load on this server",
            _ => "is not ready",
        };
        return Create(StatusCodes.Status503ServiceUnavailable, $"The model '{model}' {state}; retry later.", OpenAIErrorTypes.Server, null, "model_not_ready", retryAfter);
    }

    /// <summary>429 when the model's admission queue is full.</summary>
    public static OpenAIErrorResult QueueFull(string model, TimeSpan retryAfter) =>
        Create(StatusCodes.Status429TooManyRequests, $"The model '{model}' has too many requests waiting; retry later.",
            OpenAIErrorTypes.RateLimit, null, "rate_limit_exceeded", retryAfter);

    /// <summary>The error for a refused admission, with the prompt parameter named as the endpoint calls it; null when accepted.</summary>
    public static OpenAIErrorResult? FromAdmission(Admission admission, IModelHost grain, string promptParam)
    {
        ArgumentNullException.ThrowIfNull(admission);
        ArgumentNullException.ThrowIfNull(grain);
        var retryAfter = admission.RetryAfter ?? TimeSpan.FromSeconds(1);
        return admission.Status switch
        {
            AdmissionStatus.Accepted => null,
            AdmissionStatus.Invalid => FromGenerationError(admission.Error, promptParam),
            AdmissionStatus.QueueFull => QueueFull(grain.ModelId, retryAfter),
            AdmissionStatus.SessionMoved => Create(StatusCodes.Status409Conflict, "This session is moving (or has moved) to another server; send the turn through the gateway again.",
                OpenAIErrorTypes.InvalidRequest, "session_id", SessionMovedCode),
            _ => ModelNotReady(grain.ModelId, grain.Status, retryAfter),
        };
    }

    /// <summary>The error event sent when generation fails after a stream has started.</summary>
    public static OpenAIErrorResult GenerationFailed() =>
        Create(StatusCodes.Status500InternalServerError, "The server had an error while generating the response.", OpenAIErrorTypes.Server, null, null);

    /// <summary>500 for a failure of ours.</summary>
    public static OpenAIErrorResult ServerError() =>
        Create(StatusCodes.Status500InternalServerError, "The server had an error while processing your request.", OpenAIErrorTypes.Server, null, null);

    /// <summary>The error for a request Kestrel refused while reading it (413 body too large, 400 malformed).</summary>
    public static OpenAIErrorResult FromBadRequest(BadHttpRequestException error, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? BodyTooLarge(context)
            : Create(error.StatusCode, error.Message, OpenAIErrorTypes.InvalidRequest, null, null);
    }

    /// <summary>The error for a response that has a status code and no body yet (unknown URL, wrong method, …).</summary>
    public static OpenAIErrorResult ForStatusCode(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        return context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => Create(404, $"Invalid URL ({request.Method} {request.Path}).", OpenAIErrorTypes.InvalidRequest, null, "unknown_url"),
            StatusCodes.Status405MethodNotAllowed => Create(405, $"Method {request.Method} is not allowed on {request.Path}.", OpenAIErrorTypes.InvalidRequest, null, "method_not_allowed"),
            StatusCodes.Status413PayloadTooLarge => BodyTooLarge(context),
            StatusCodes.Status415UnsupportedMediaType => Create(415, "Send the request body as application/json.", OpenAIErrorTypes.InvalidRequest, null, null),
            var status when status >= 500 => Create(status, "The server had an error while processing your request.", OpenAIErrorTypes.Server, null, null),
            var status => Create(status, ReasonPhrases.GetReasonPhrase(status), OpenAIErrorTypes.InvalidRequest, null, null),
        };
    }

    /// <summary>Writes an error: status, Retry-After, JSON body.</summary>
    public static async Task WriteAsync(HttpContext context, OpenAIErrorResult error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var response = context.Response;
        response.StatusCode = error.StatusCode;
        if (error.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(response.Body, new ErrorResponse { Error = error.Error }, OpenAIJson.Context.ErrorResponse,
            context.RequestAborted).ConfigureAwait(false);
    }

    private static OpenAIErrorResult FromGenerationError(GenerationRequestError? error, string promptParam) => error switch
    {
        null => InvalidParameter(null, "The request is invalid."),
        { Parameter: "messages" or "prompt" } => InvalidParameter(promptParam, error.Message, error.Code),
        _ => InvalidParameter(error.Parameter, error.Message, error.Code),
    };

    private static OpenAIErrorResult BodyTooLarge(HttpContext context)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        return Create(StatusCodes.Status413PayloadTooLarge,
            limit is { } bytes ? $"The request body is larger than {bytes} bytes." : "The request body is too large.",
            OpenAIErrorTypes.InvalidRequest, null, "request_too_large");
    }

    private static OpenAIErrorResult Create(int status, string message, string type, string? param, string? code, TimeSpan? retryAfter = null) =>
        new(status, new ErrorDetail { Message = message, Type = type, Param = param, Code = code }, retryAfter);
}
