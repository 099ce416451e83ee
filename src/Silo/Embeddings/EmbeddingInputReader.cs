using System.Text.Json;
using Cluster.Silo.Errors;

namespace Cluster.Silo.Embeddings;

/// <summary>Reads "input" as OpenAI accepts it: a string, a list of strings, a list of token ids, or a list of token-id lists.</summary>
internal static class EmbeddingInputReader
{
    /// <summary>OpenAI's limit on inputs per request.</summary>
    public const int MaxInputs = 2048;

    private const string Param = "input";
    private const string Shape = "input must be a non-empty string, a list of strings, a list of token ids, or a list of token-id lists.";

    /// <summary>The inputs in order, or the 400 that says which one is wrong.</summary>
    public static OpenAIErrorResult? Read(JsonElement? input, out List<EmbeddingInput> inputs)
    {
        inputs = [];
        switch (input)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return OpenAIErrors.MissingParameter(Param);
            case { ValueKind: JsonValueKind.String } text:
                return Add(inputs, text, Param);
            case { ValueKind: JsonValueKind.Array } list when list.GetArrayLength() == 0:
                return OpenAIErrors.InvalidParameter(Param, "input is an empty list; " + Shape, "invalid_value");
            case { ValueKind: JsonValueKind.Array } list when list.GetArrayLength() > MaxInputs:
                return OpenAIErrors.InvalidParameter(Param, $"input holds {list.GetArrayLength()} inputs; send at most {MaxInputs} per request.", "invalid_value");
            case { ValueKind: JsonValueKind.Array } list when list[0].ValueKind == JsonValueKind.Number:
                return TokenIds(list, Param, out var ids) ?? AddIds(inputs, ids);
            case { ValueKind: JsonValueKind.Array } list:
                var index = 0;
                foreach (var item in list.EnumerateArray())
                {
                    var param = $"{Param}[{index++}]";
                    var error = item.ValueKind switch
                    {
                        JsonValueKind.String => Add(inputs, item, param),
                        JsonValueKind.Array => TokenIds(item, param, out var itemIds) ?? AddIds(inputs, itemIds),
                        _ => OpenAIErrors.InvalidParameter(param, Shape, "invalid_type"),
                    };
                    if (error is not null)
                    {
                        return error;
                    }
                }

                return null;
            default:
                return OpenAIErrors.InvalidParameter(Param, Shape, "invalid_type");
        }
    }

    private static OpenAIErrorResult? Add(List<EmbeddingInput> inputs, JsonElement text, string param)
    {
        var value = text.GetString()!;
        if (value.Length == 0)
        {
            return OpenAIErrors.InvalidParameter(param, $"{param} is an empty string; every input needs at least one token.", "invalid_value");
        }

        inputs.Add(new EmbeddingInput(value, null));
        return null;
    }

    private static OpenAIErrorResult? AddIds(List<EmbeddingInput> inputs, int[] ids)
    {
        inputs.Add(new EmbeddingInput(null, ids));
        return null;
    }

    private static OpenAIErrorResult? TokenIds(JsonElement list, string param, out int[] ids)
    {
        ids = new int[list.GetArrayLength()];
        if (ids.Length == 0)
        {
            return OpenAIErrors.InvalidParameter(param, $"{param} is an empty list of token ids; every input needs at least one token.", "invalid_value");
        }

        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out ids[i]) || ids[i] < 0)
            {
                return OpenAIErrors.InvalidParameter(param, $"{param}[{i}] is not a token id (a non-negative integer). " + Shape, "invalid_type");
            }

            i++;
        }

        return null;
    }
}
