namespace Cluster.Contracts.OpenAI;

/// <summary>The values of finish_reason.</summary>
public static class FinishReasons
{
    /// <summary>An end-of-generation token or a stop string ended the output.</summary>
    public const string Stop = "stop";

    /// <summary>max_tokens or the context ended the output.</summary>
    public const string Length = "length";

    /// <summary>The answer is function calls (message.tool_calls).</summary>
    public const string ToolCalls = "tool_calls";
}
