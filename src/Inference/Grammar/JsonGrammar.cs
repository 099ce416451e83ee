using System.Text.Json;

namespace Cluster.Inference.Grammar;

/// <summary>GBNF grammars (llama.cpp's grammar format) that constrain sampling to JSON: any object, or values of a JSON schema.</summary>
public static class JsonGrammar
{
    /// <summary>The start rule of every grammar built here.</summary>
    public const string Root = "root";

    /// <summary>Any JSON object (OpenAI's response_format json_object).</summary>
    public static string AnyObject()
    {
        var rules = new GbnfRules();
        rules.Reserve(Root);
        JsonGrammarPrimitives.Define(rules, anyValue: true);
        rules.Define(Root, JsonGrammarPrimitives.Object);
        return rules.Render();
    }

    /// <summary>Values of <paramref name="schema"/>; returns why it cannot be enforced, or null with the grammar in <paramref name="grammar"/>.</summary>
    public static JsonSchemaError? TryFromSchema(JsonElement schema, out string grammar) =>
        TryBuild(schema, (converter, rules) => converter.Visit(schema, string.Empty, "value"), out grammar);

    /// <summary>
    /// Function calls: {"name": one of <paramref name="functions"/>, "arguments": values of its parameters schema}, or
    /// with <paramref name="several"/> also a JSON array of one or more of them. Returns why a schema cannot be enforced
    /// (its path under "tools[i].function.parameters"), or null with the grammar.
    /// </summary>
    public static JsonSchemaError? TryFromFunctionCalls(IReadOnlyList<(string Name, JsonElement? Parameters)> functions, bool several, out string grammar)
    {
        ArgumentNullException.ThrowIfNull(functions);
        return TryBuild(default, (_, rules) =>
        {
            var alternatives = functions.Select((function, i) =>
            {
                var arguments = function.Parameters is { } schema
                    ? new JsonSchemaConverter(rules, schema).Visit(schema, $"tools[{i}].function.parameters", "args-" + function.Name)
                    : $"\"{{\" {JsonGrammarPrimitives.Space} \"}}\"";
                return $"{GbnfRules.Literal(JsonSerializer.Serialize(function.Name, JsonGrammarContext.Default.String))} {JsonGrammarPrimitives.Space} \",\" {JsonGrammarPrimitives.Space} {GbnfRules.Literal("\"arguments\"")} {JsonGrammarPrimitives.Space} \":\" {JsonGrammarPrimitives.Space} {arguments}";
            });
            var call = rules.Add("call",
                $"\"{{\" {JsonGrammarPrimitives.Space} {GbnfRules.Literal("\"name\"")} {JsonGrammarPrimitives.Space} \":\" {JsonGrammarPrimitives.Space} ({string.Join(" | ", alternatives)}) {JsonGrammarPrimitives.Space} \"}}\"");
            return several ? $"{call} | \"[\" {JsonGrammarPrimitives.Space} {call} ({JsonGrammarPrimitives.Space} \",\" {JsonGrammarPrimitives.Space} {call})* {JsonGrammarPrimitives.Space} \"]\"" : call;
        }, out grammar);
    }

    /// <summary>
    /// A grammar whose root is built by <paramref name="root"/> from the rules of schemas inside <paramref name="document"/>
    /// (which local $refs resolve against); returns why a schema cannot be enforced, or null with the grammar.
    /// </summary>
    internal static JsonSchemaError? TryBuild(JsonElement document, Func<JsonSchemaConverter, GbnfRules, string> root, out string grammar)
    {
        grammar = string.Empty;
        var rules = new GbnfRules();
        rules.Reserve(Root);
        JsonGrammarPrimitives.Define(rules, anyValue: true);
        try
        {
            rules.Define(Root, root(new JsonSchemaConverter(rules, document), rules));
        }
        catch (UnsupportedSchemaException unsupported)
        {
            return unsupported.Error;
        }

        grammar = rules.Render();
        return null;
    }
}
