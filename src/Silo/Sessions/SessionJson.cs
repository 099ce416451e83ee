using System.Text.Encodings.Web;
using System.Text.Json;
using Cluster.Contracts.OpenAI;

namespace Cluster.Silo.Sessions;

/// <summary>The JSON metadata for the session and interactive bodies, writing text as UTF-8 as <see cref="OpenAIJson"/> does.</summary>
internal static class SessionJson
{
    /// <summary>The source-generated context with relaxed escaping (quotes and control characters are still escaped).</summary>
    public static SessionJsonContext Context { get; } = new(new JsonSerializerOptions(SessionJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
