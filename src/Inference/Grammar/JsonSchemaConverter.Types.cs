using System.Text.Encodings.Web;
using System.Text.Json;
using P = Cluster.Inference.Grammar.JsonGrammarPrimitives;

namespace Cluster.Inference.Grammar;

internal sealed partial class JsonSchemaConverter
{
    private const string Comma = $"{P.Space} \",\" {P.Space}";

    private string Object(JsonElement schema, string path, string hint)
    {
        if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object || !properties.EnumerateObject().Any())
        {
            // No declared properties: any keys, with values of additionalProperties when it is a schema.
            var value = schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object
                ? Visit(additional, Join(path, "additionalProperties"), hint + "-value")
                : P.Value;
            var member = $"{P.String} {P.Space} \":\" {P.Space} {value}";
            return $"\"{{\" {P.Space} ({member} ({Comma} {member})*)? {P.Space} \"}}\"";
        }

        var required = schema.TryGetProperty("required", out var names) && names.ValueKind == JsonValueKind.Array
            ? names.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
        var members = properties.EnumerateObject()
            .Select(property => (Required: required.Contains(property.Name), Rule: rules.Add($"{hint}-{property.Name}",
                $"{GbnfRules.Literal(Key(property.Name))} {P.Space} \":\" {P.Space} {Visit(property.Value, Join(path, "properties." + property.Name), $"{hint}-{property.Name}")}")))
            .ToList();
        var missing = required.FirstOrDefault(name => !properties.TryGetProperty(name, out _));
        if (missing is not null)
        {
            throw Unsupported(Join(path, "required"), $"'{missing}' is required but not among the properties");
        }

        return $"\"{{\" {P.Space} {Members(members, hint)} {P.Space} \"}}\"";
    }

    // Members in declared order, optional ones possibly left out, commas only between those present. rest(i): members
    // from i on after one was written (each with its comma); first(i): the same when none was written yet.
    private string Members(List<(bool Required, string Rule)> members, string hint)
    {
        var rest = string.Empty;
        var first = string.Empty;
        var firstCanBeEmpty = true;
        for (var i = members.Count - 1; i >= 0; i--)
        {
            var (isRequired, rule) = members[i];
            var restBefore = rest;
            var next = rest.Length == 0 ? string.Empty : $" {rest}";
            rest = rules.Add($"{hint}-rest", isRequired ? $"{Comma} {rule}{next}" : $"({Comma} {rule})?{next}");
            var startsHere = $"{rule}{(restBefore.Length == 0 ? string.Empty : $" {restBefore}")}";
            if (isRequired)
            {
                first = rules.Add($"{hint}-first", startsHere);
                firstCanBeEmpty = false;
            }
            else
            {
                first = rules.Add($"{hint}-first", first.Length == 0 ? startsHere : $"{startsHere} | {first}");
            }
        }

        return firstCanBeEmpty ? $"{first}?" : first;
    }

    private string Array(JsonElement schema, string path, string hint)
    {
        var item = schema.TryGetProperty("items", out var items) ? Visit(items, Join(path, "items"), hint + "-item") : P.Value;
        var min = Count(schema, "minItems", path) ?? 0;
        var max = Count(schema, "maxItems", path);
        if (max < min)
        {
            throw Unsupported(Join(path, "maxItems"), "maxItems is below minItems");
        }

        if (max == 0)
        {
            return $"\"[\" {P.Space} \"]\"";
        }

        var tail = Repeat($"({Comma} {item})", Math.Max(0, min - 1), max - 1);
        var list = $"{item} {tail}";
        return $"\"[\" {P.Space} {(min == 0 ? $"({list})?" : list)} {P.Space} \"]\"";
    }

    private static string String(JsonElement schema, string path)
    {
        var min = Count(schema, "minLength", path);
        var max = Count(schema, "maxLength", path);
        if (min is null && max is null)
        {
            return P.String;
        }

        if (max < min)
        {
            throw Unsupported(Join(path, "maxLength"), "maxLength is below minLength");
        }

        return $"\"\\\"\" {Repeat(P.Char, min ?? 0, max)} \"\\\"\"";
    }

    private static string Numeric(JsonElement schema, string path, string any, string nonNegative, string? positive)
    {
        if (!schema.TryGetProperty("minimum", out var minimum))
        {
            return any;
        }

        return minimum.ValueKind != JsonValueKind.Number ? throw Unsupported(Join(path, "minimum"), "minimum must be a number")
            : minimum.GetDouble() == 0 ? nonNegative
            : minimum.GetDouble() == 1 && positive is not null ? positive
            : throw Unsupported(Join(path, "minimum"), "only minimum 0 (and 1 for integers) can be enforced while sampling");
    }

    private static string Key(string name) => $"\"{JsonEncodedText.Encode(name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"";
}
