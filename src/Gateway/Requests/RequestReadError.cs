namespace Cluster.Gateway.Requests;

/// <summary>Why a request body could not be used; each maps to one OpenAI error.</summary>
public enum RequestReadError
{
    /// <summary>The body was read and parsed.</summary>
    None,

    /// <summary>The body exceeds Gateway:Limits:MaxRequestBodyBytes (413).</summary>
    TooLarge,

    /// <summary>The body is not a JSON object (400).</summary>
    MalformedJson,

    /// <summary>The body names no model and the cluster serves several, none of them configured as the default (400, param "model"; the detail lists them).</summary>
    MissingModel,

    /// <summary>A field has the wrong type (400).</summary>
    InvalidField,
}
