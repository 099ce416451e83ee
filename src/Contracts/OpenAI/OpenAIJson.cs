using System.Text.Encodings.Web;
using System.Text.Json;

namespace Cluster.Contracts.OpenAI;

/// <summary>The JSON metadata to write OpenAI bodies with: snake_case, and text kept as UTF-8 as OpenAI sends it (no \u escapes for ' or non-ASCII).</summary>
public static class OpenAIJson
{
    /// <summary>The source-generated context with relaxed escaping (quotes and control characters are still escaped).</summary>
    public static OpenAIJsonContext Context { get; } = new(new JsonSerializerOptions(OpenAIJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
