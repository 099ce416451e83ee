namespace Cluster.Inference.Grammar;

/// <summary>
/// GBNF for JSON's primitives. Everything a model may repeat is bounded where JSON allows it (at most one space between
/// tokens, 16 digits), so a model with no sense of JSON (generated weights) still reaches the end of a value.
/// </summary>
internal static class JsonGrammarPrimitives
{
    public const string Space = "ws";
    public const string Char = "json-char";
    public const string String = "json-string";
    public const string Number = "json-number";
    public const string Integer = "json-integer";
    public const string Boolean = "json-boolean";
    public const string Null = "json-null";
    public const string Value = "json-value";
    public const string Object = "json-object";
    public const string Array = "json-array";

    /// <summary>Defines the primitives in <paramref name="rules"/>; <see cref="Value"/>, <see cref="Object"/> and <see cref="Array"/> only when <paramref name="anyValue"/>.</summary>
    public static void Define(GbnfRules rules, bool anyValue)
    {
        foreach (var name in (ReadOnlySpan<string>)[Space, Char, String, Number, Integer, Boolean, Null])
        {
            rules.Reserve(name);
        }

        rules.Define(Space, "\" \"?");
        rules.Define(Char, "[^\"\\\\\\x7F\\x00-\\x1F] | \"\\\\\" ([\"\\\\/bfnrt] | \"u\" [0-9a-fA-F]{4})");
        rules.Define(String, $"\"\\\"\" {Char}* \"\\\"\"");
        rules.Define(Integer, "\"-\"? (\"0\" | [1-9] [0-9]{0,15})");
        rules.Define(Number, $"{Integer} (\".\" [0-9]{{1,16}})? ([eE] [-+]? [0-9]{{1,3}})?");
        rules.Define(Boolean, "\"true\" | \"false\"");
        rules.Define(Null, "\"null\"");
        if (!anyValue)
        {
            return;
        }

        foreach (var name in (ReadOnlySpan<string>)[Value, Object, Array])
        {
            rules.Reserve(name);
        }

        rules.Define(Value, $"{Object} | {Array} | {String} | {Number} | {Boolean} | {Null}");
        rules.Define(Object, $"\"{{\" {Space} ({String} {Space} \":\" {Space} {Value} {Space} (\",\" {Space} {String} {Space} \":\" {Space} {Value} {Space})*)? \"}}\"");
        rules.Define(Array, $"\"[\" {Space} ({Value} {Space} (\",\" {Space} {Value} {Space})*)? \"]\"");
    }
}
