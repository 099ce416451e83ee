using Cluster.Contracts.OpenAI;
using Cluster.Inference.Generation;
using Cluster.Silo.Generation;

namespace Cluster.Silo.Tools;

/// <summary>A finished answer as OpenAI returns it: its tool calls with finish_reason "tool_calls" when it is calls, else its text.</summary>
internal static class ToolAnswer
{
    /// <summary>The message and finish_reason for the whole answer <paramref name="text"/>.</summary>
    public static (ChatResponseMessage Message, string FinishReason) Of(string text, GenerationSummary summary, ToolUse? tools)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (Calls(text, summary, tools) is { } calls)
        {
            return (new ChatResponseMessage { Content = null, ToolCalls = calls }, FinishReasons.ToolCalls);
        }

        return (new ChatResponseMessage { Content = text }, OpenAIWire.FinishReason(summary));
    }

    /// <summary>The calls the answer makes; none when tools may not be called or the answer was cut short.</summary>
    public static IReadOnlyList<ChatToolCall>? Calls(string text, GenerationSummary summary, ToolUse? tools) =>
        tools is { MayCall: true } && summary.FinishReason != FinishReason.Length ? ToolCallText.TryParse(text, tools) : null;
}
