using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Gateway.Requests;

namespace Cluster.Gateway.Sessions;

/// <summary>Merges a session's stored history with what a client sends: either the whole conversation or only the new messages.</summary>
internal static class SessionHistory
{
    /// <summary>The messages the silo must see for this turn: the request's when it holds the stored history, else stored + request.</summary>
    public static JsonArray Effective(JsonElement requestMessages, string? storedJson)
    {
        var request = JsonNode.Parse(requestMessages.GetRawText())!.AsArray();
        if (storedJson is null)
        {
            return request;
        }

        using var stored = JsonDocument.Parse(storedJson);
        if (StartsWith(requestMessages, stored.RootElement))
        {
            return request;
        }

        var merged = JsonNode.Parse(storedJson)!.AsArray();
        foreach (var message in request.ToArray())
        {
            request.Remove(message);
            merged.Add(message);
        }

        return merged;
    }

    /// <summary>True when the request already carries the stored history, so a silo that lost the session needs nothing added.</summary>
    public static bool CarriesHistory(JsonElement requestMessages, string? storedJson)
    {
        if (storedJson is null)
        {
            return true;
        }

        using var stored = JsonDocument.Parse(storedJson);
        return StartsWith(requestMessages, stored.RootElement);
    }

    /// <summary>The history after a turn: the effective messages and the assistant's answer.</summary>
    public static string AfterTurn(JsonElement requestMessages, string? storedJson, string answer)
    {
        var messages = Effective(requestMessages, storedJson);
        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = answer });
        return messages.ToJsonString();
    }

    private static bool StartsWith(JsonElement messages, JsonElement prefix)
    {
        if (prefix.ValueKind != JsonValueKind.Array || messages.GetArrayLength() < prefix.GetArrayLength())
        {
            return false;
        }

        var index = 0;
        foreach (var message in prefix.EnumerateArray())
        {
            if (!PrefixHasher.SameMessage(messages[index++], message))
            {
                return false;
            }
        }

        return true;
    }
}
