using System.Text.Json;

namespace Cluster.Silo.Tests.Fixtures;

/// <summary>Request bodies used across tests.</summary>
public static class Generate
{
    /// <summary>A chat request with one user message and the members of <paramref name="extra"/> (a JSON object).</summary>
    public static string Chat(string userMessage, string extra = "{}") =>
        $$"""{"model":"tiny","messages":[{"role":"user","content":{{JsonSerializer.Serialize(userMessage)}}}]{{Members(extra)}}}""";

    /// <summary>A text completion request with the members of <paramref name="extra"/> (a JSON object).</summary>
    public static string Completion(string prompt, string extra = "{}") =>
        $$"""{"model":"tiny","prompt":{{JsonSerializer.Serialize(prompt)}}{{Members(extra)}}}""";

    /// <summary>Joins JSON objects' members into one object.</summary>
    public static string Merge(string first, string second) => "{" + (Members(first) + Members(second)).TrimStart(',') + "}";

    private static string Members(string json) => json.Trim()[1..^1].Trim() is { Length: > 0 } members ? "," + members : string.Empty;
}
