using System.Globalization;
using System.Text.Json;
using P = Cluster.Inference.Grammar.JsonGrammarPrimitives;

namespace Cluster.Inference.Grammar;

/// <summary>
/// Turns JSON schemas into GBNF rules. Every constraint it accepts is enforced exactly; a keyword it cannot enforce
/// (pattern, ranges other than a lower bound of 0 or 1, …) is refused with its path rather than ignored.
/// </summary>
internal sealed partial class JsonSchemaConverter(GbnfRules rules, JsonElement document)
{
    // Keywords that only annotate: they never restrict which values are valid (format is an annotation by default).
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "title", "description", "default", "examples", "$schema", "$id", "$comment", "format", "readOnly", "writeOnly", "deprecated", "$defs", "definitions", "strict",
    };

    private static readonly HashSet<string> Handled = new(StringComparer.Ordinal)
    {
        "type", "$ref", "const", "enum", "anyOf", "oneOf", "allOf", "nullable", "properties", "required", "additionalProperties",
        "items", "minItems", "maxItems", "minLength", "maxLength", "minimum",
    };

    private readonly Dictionary<string, string> _refs = new(StringComparer.Ordinal);

    /// <summary>A GBNF expression matching exactly the values of <paramref name="schema"/>; <paramref name="path"/> names it in errors.</summary>
    public string Visit(JsonElement schema, string path, string hint)
    {
        switch (schema.ValueKind)
        {
            case JsonValueKind.True:
                return P.Value;
            case JsonValueKind.False:
                throw Unsupported(path, "the schema false allows no value");
            case not JsonValueKind.Object:
                throw Unsupported(path, "a schema must be an object or a boolean");
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Annotations.Contains(keyword.Name) && !Handled.Contains(keyword.Name))
            {
                throw Unsupported(Join(path, keyword.Name), $"the keyword '{keyword.Name}' cannot be enforced while sampling; supported: {string.Join(", ", Handled)}");
            }
        }

        var expression = VisitOwn(schema, path, hint);
        return schema.TryGetProperty("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True ? $"({expression} | {P.Null})" : expression;
    }

    private string VisitOwn(JsonElement schema, string path, string hint)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            return Ref(reference, Join(path, "$ref"));
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            return GbnfRules.Literal(Compact(constant));
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            return values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0
                ? "(" + string.Join(" | ", values.EnumerateArray().Select(value => GbnfRules.Literal(Compact(value)))) + ")"
                : throw Unsupported(Join(path, "enum"), "enum must be a non-empty array");
        }

        foreach (var keyword in (ReadOnlySpan<string>)["anyOf", "oneOf", "allOf"])
        {
            if (schema.TryGetProperty(keyword, out var options))
            {
                return Alternatives(options, keyword, Join(path, keyword), hint);
            }
        }

        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? VisitType(schema, "object", path, hint)
                : schema.TryGetProperty("items", out _) ? VisitType(schema, "array", path, hint)
                : P.Value;
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => VisitType(schema, type.GetString()!, path, hint),
            JsonValueKind.Array when type.GetArrayLength() > 0 && type.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String) =>
                "(" + string.Join(" | ", type.EnumerateArray().Select(t => VisitType(schema, t.GetString()!, path, hint))) + ")",
            _ => throw Unsupported(Join(path, "type"), "type must be a type name or a list of them"),
        };
    }

    private string VisitType(JsonElement schema, string type, string path, string hint) => type switch
    {
        "object" => Object(schema, path, hint),
        "array" => Array(schema, path, hint),
        "string" => String(schema, path),
        "integer" => Numeric(schema, path, P.Integer, "(\"0\" | [1-9] [0-9]{0,15})", "[1-9] [0-9]{0,15}"),
        "number" => Numeric(schema, path, P.Number, "(\"0\" | [1-9] [0-9]{0,15}) (\".\" [0-9]{1,16})? ([eE] [-+]? [0-9]{1,3})?", null),
        "boolean" => P.Boolean,
        "null" => P.Null,
        _ => throw Unsupported(Join(path, "type"), $"unknown type '{type}'; use object, array, string, integer, number, boolean or null"),
    };

    private string Alternatives(JsonElement options, string keyword, string path, string hint)
    {
        if (options.ValueKind != JsonValueKind.Array || options.GetArrayLength() == 0)
        {
            throw Unsupported(path, $"{keyword} must be a non-empty array of schemas");
        }

        if (keyword == "allOf" && options.GetArrayLength() > 1)
        {
            throw Unsupported(path, "allOf with more than one schema cannot be enforced; merge them into one schema");
        }

        return "(" + string.Join(" | ", options.EnumerateArray().Select((option, i) => Visit(option, $"{path}[{i}]", hint))) + ")";
    }

    private string Ref(JsonElement reference, string path)
    {
        var target = reference.GetString() ?? throw Unsupported(path, "$ref must be a string");
        if (_refs.TryGetValue(target, out var known))
        {
            return known;
        }

        if (!target.StartsWith('#'))
        {
            throw Unsupported(path, $"only local references (#/$defs/…) are supported, not '{target}'");
        }

        var node = document;
        foreach (var part in target[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(name, out node))
            {
                throw Unsupported(path, $"the reference '{target}' points at nothing");
            }
        }

        // Named before it is visited, so recursive schemas refer to themselves.
        var rule = rules.Reserve("ref-" + target[1..]);
        _refs[target] = rule;
        rules.Define(rule, Visit(node, target, rule));
        return rule;
    }

    private static int? Count(JsonElement schema, string keyword, string path) =>
        !schema.TryGetProperty(keyword, out var value) ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0 ? count
        : throw Unsupported(Join(path, keyword), $"{keyword} must be a non-negative integer");

    private static string Repeat(string item, int min, int? max) => (min, max) switch
    {
        (0, null) => $"{item}*",
        (1, null) => $"{item}+",
        (_, null) => $"{item}{{{min},}}",
        _ => string.Create(CultureInfo.InvariantCulture, $"{item}{{{min},{max}}}"),
    };

    private static string Compact(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static UnsupportedSchemaException Unsupported(string path, string message) => new(new JsonSchemaError(path, message));
}
