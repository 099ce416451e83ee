using Cluster.Contracts.OpenAI;
using Cluster.Inference.Grammar;
using Cluster.Silo.Errors;

namespace Cluster.Silo.Generation;

/// <summary>Turns response_format into the grammar sampling must follow: none for text, any object for json_object, the schema's for json_schema.</summary>
internal static class ResponseFormatGrammar
{
    private const string Param = "response_format";

    /// <summary>Returns the first problem as an error, or null with the grammar (null for free text).</summary>
    public static OpenAIErrorResult? TryCreate(ChatResponseFormat? format, out string? grammar)
    {
        grammar = null;
        switch (format?.Type)
        {
            case null when format is null:
            case "text":
                return null;
            case null:
                return OpenAIErrors.MissingParameter($"{Param}.type");
            case "json_object":
                grammar = JsonGrammar.AnyObject();
                return null;
            case "json_schema" when format.JsonSchema is null:
                return OpenAIErrors.MissingParameter($"{Param}.json_schema");
            case "json_schema" when format.JsonSchema.Schema is null:
                grammar = JsonGrammar.AnyObject();
                return null;
            case "json_schema":
                if (JsonGrammar.TryFromSchema(format.JsonSchema.Schema.Value, out var built) is { } unsupported)
                {
                    var where = unsupported.Path.Length == 0 ? "the schema" : $"'{unsupported.Path}'";
                    return OpenAIErrors.InvalidParameter($"{Param}.json_schema.schema", $"Invalid schema at {where}: {unsupported.Message}.", "invalid_json_schema");
                }

                grammar = built;
                return null;
            default:
                return OpenAIErrors.InvalidParameter($"{Param}.type",
                    $"Invalid value: '{format.Type}'. Supported values are: 'text', 'json_object' and 'json_schema'.");
        }
    }
}
