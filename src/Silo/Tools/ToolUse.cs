using System.Text;
using System.Text.Json;
using Cluster.Contracts.OpenAI;
using Cluster.Inference.Grammar;
using Cluster.Inference.Text;
using Cluster.Silo.Errors;

namespace Cluster.Silo.Tools;

/// <summary>
/// A chat request's tools: how the model is told about them (a system instruction asking for a JSON call), the grammar
/// that forces a call when tool_choice requires one, and which functions an answer may call.
/// </summary>
internal sealed class ToolUse
{
    private ToolUse(IReadOnlyList<ChatFunction> functions, ToolChoiceKind choice, string? named, bool parallel)
    {
        Functions = functions;
        Choice = choice;
        Named = named;
        Parallel = parallel;
    }

    /// <summary>The functions offered.</summary>
    public IReadOnlyList<ChatFunction> Functions { get; }

    /// <summary>What tool_choice asks.</summary>
    public ToolChoiceKind Choice { get; }

    /// <summary>The function tool_choice names, with <see cref="ToolChoiceKind.Named"/>.</summary>
    public string? Named { get; }

    /// <summary>Whether one answer may call several functions.</summary>
    public bool Parallel { get; }

    /// <summary>Whether answers are read for calls.</summary>
    public bool MayCall => Choice != ToolChoiceKind.None;

    /// <summary>Returns the first problem as an error, or null with the tools (null when the request offers none).</summary>
    public static OpenAIErrorResult? TryCreate(ChatCompletionRequest body, out ToolUse? tools)
    {
        ArgumentNullException.ThrowIfNull(body);
        tools = null;
        if (body.Tools is not { Count: > 0 })
        {
            return body.ToolChoice is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } choice && !(choice.ValueKind == JsonValueKind.String && choice.GetString() == "none")
                ? OpenAIErrors.InvalidParameter("tool_choice", "tool_choice is only allowed when tools are given.")
                : null;
        }

        var functions = new List<ChatFunction>(body.Tools.Count);
        for (var i = 0; i < body.Tools.Count; i++)
        {
            var tool = body.Tools[i];
            if (tool.Type != "function")
            {
                return OpenAIErrors.InvalidParameter($"tools[{i}].type", $"Invalid value: '{tool.Type}'. Supported values are: 'function'.");
            }

            if (tool.Function?.Name is not { Length: > 0 } name)
            {
                return OpenAIErrors.MissingParameter($"tools[{i}].function.name");
            }

            if (functions.Any(f => f.Name == name))
            {
                return OpenAIErrors.InvalidParameter($"tools[{i}].function.name", $"Two tools are named '{name}'; function names must be unique.");
            }

            functions.Add(tool.Function);
        }

        if (ReadChoice(body.ToolChoice, functions, out var kind, out var named) is { } invalid)
        {
            return invalid;
        }

        tools = new ToolUse(functions, kind, named, body.ParallelToolCalls ?? true);
        return null;
    }

    /// <summary>The grammar forcing a call (Required, Named), or null; an error when a parameters schema cannot be enforced.</summary>
    public OpenAIErrorResult? TryGrammar(out string? grammar)
    {
        grammar = null;
        if (Choice is not (ToolChoiceKind.Required or ToolChoiceKind.Named))
        {
            return null;
        }

        var callable = Functions.Select((function, i) => (function, i)).Where(f => Choice == ToolChoiceKind.Required || f.function.Name == Named).ToList();
        var error = JsonGrammar.TryFromFunctionCalls([.. callable.Select(f => (f.function.Name!, f.function.Parameters))], several: Parallel && Choice == ToolChoiceKind.Required, out var built);
        if (error is not null)
        {
            return OpenAIErrors.InvalidParameter("tools", $"Invalid schema at '{error.Path}': {error.Message}.", "invalid_json_schema");
        }

        grammar = built;
        return null;
    }

    /// <summary>The tools described for the model (the head of the conversation's system message), or null with tool_choice none.</summary>
    public string? Preamble()
    {
        if (!MayCall)
        {
            return null;
        }

        var text = new StringBuilder("You can call functions. To call one, answer with only a JSON object {\"name\": <function name>, \"arguments\": <arguments object>}");
        text.Append(Parallel ? ", or a JSON array of such objects to call several," : string.Empty).Append(" and nothing else; each result comes back in a tool message.");
        text.Append(Choice == ToolChoiceKind.Named ? $" Call {Named} now." : Choice == ToolChoiceKind.Required ? " Call at least one function now." : string.Empty);
        text.Append(" Functions:");
        foreach (var function in Functions)
        {
            text.Append('\n').Append(JsonSerializer.Serialize(function, OpenAIJson.Context.ChatFunction));
        }

        return text.ToString();
    }

    /// <summary>The turns with the tools described in the (first) system message, unless tool_choice is none.</summary>
    public ChatMessage[] Describe(ChatMessage[] turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        return Preamble() is { } preamble ? SystemPreamble.Merge(turns, preamble) : turns;
    }

    private static OpenAIErrorResult? ReadChoice(JsonElement? choice, List<ChatFunction> functions, out ToolChoiceKind kind, out string? named)
    {
        named = null;
        kind = ToolChoiceKind.Auto;
        switch (choice)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return null;
            case { ValueKind: JsonValueKind.String } text when text.GetString() is "none" or "auto" or "required":
                kind = Enum.Parse<ToolChoiceKind>(text.GetString()!, ignoreCase: true);
                return null;
            case { ValueKind: JsonValueKind.Object } target when target.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
                && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String:
                kind = ToolChoiceKind.Named;
                var chosen = name.GetString();
                named = chosen;
                return functions.Any(f => f.Name == chosen) ? null
                    : OpenAIErrors.InvalidParameter("tool_choice", $"tool_choice names '{chosen}', which is not among the tools.");
            default:
                return OpenAIErrors.InvalidParameter("tool_choice",
                    "tool_choice must be 'none', 'auto', 'required' or {\"type\":\"function\",\"function\":{\"name\":…}}.");
        }
    }
}
