using System.Text.Json;
using Cluster.Inference.Text;
using Cluster.Silo.Errors;
using Cluster.Silo.Sessions;

namespace Cluster.Silo.Generation;

/// <summary>Reads the interactive API's prompt: a string is one user message, an array is a list of chat messages.</summary>
internal static class InteractivePrompt
{
    private const string Param = "prompt";

    /// <summary>Returns the first problem as an error, or null with the turns (none for an absent or empty prompt).</summary>
    public static OpenAIErrorResult? TryConvert(JsonElement? prompt, out ChatMessage[] turns)
    {
        turns = [];
        switch (prompt)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return null;
            case { ValueKind: JsonValueKind.String } text:
                var content = text.GetString()!;
                turns = content.Length == 0 ? [] : [new ChatMessage("user", content)];
                return null;
            case { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() == 0:
                return null;
            case { ValueKind: JsonValueKind.Array } array:
                try
                {
                    return ChatPrompt.TryConvert(array.Deserialize(SessionJson.Context.IReadOnlyListChatRequestMessage), out turns, Param);
                }
                catch (JsonException)
                {
                    return OpenAIErrors.InvalidParameter(Param, "prompt holds something other than chat messages; send a string or a list of {\"role\",\"content\"} messages.");
                }

            default:
                return OpenAIErrors.InvalidParameter(Param, "prompt must be a string or a list of chat messages.");
        }
    }
}
