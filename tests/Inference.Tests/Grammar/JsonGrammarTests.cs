using System.Text.Json;
using Cluster.Inference.Generation;
using Cluster.Inference.Grammar;
using Cluster.Inference.Sampling;
using Cluster.Inference.Scheduling;
using Cluster.Inference.Tests.Fixtures;
using Json.Schema;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Inference.Tests.Grammar;

/// <summary>Grammar-constrained generation with the tiny model's generated weights: whatever it draws, the output parses and matches.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class JsonGrammarTests(TinyModelFixture fixture)
{
    private const string PersonSchema = """
        {
          "type": "object",
          "properties": {
            "name": { "type": "string", "maxLength": 12 },
            "age": { "type": "integer", "minimum": 0 },
            "role": { "enum": ["admin", "user", "guest"] },
            "tags": { "type": "array", "items": { "type": "string", "maxLength": 6 }, "minItems": 1, "maxItems": 3 },
            "active": { "type": "boolean" },
            "score": { "type": ["number", "null"] },
            "address": { "$ref": "#/$defs/address" }
          },
          "required": ["name", "age", "role", "tags", "active", "score"],
          "additionalProperties": false,
          "$defs": {
            "address": {
              "type": "object",
              "properties": { "city": { "type": "string", "maxLength": 10 }, "zip": { "type": "string", "minLength": 5, "maxLength": 5 } },
              "required": ["city"],
              "additionalProperties": false
            }
          }
        }
        """;

    [Theory]
    [InlineData(1u)]
    [InlineData(2u)]
    [InlineData(3u)]
    [InlineData(4u)]
    [InlineData(5u)]
    [InlineData(6u)]
    public async Task Generate_SchemaGrammarWithRandomDraws_OutputParsesAndMatchesSchema(uint seed)
    {
        using var schemaDocument = JsonDocument.Parse(PersonSchema);
        Assert.Null(JsonGrammar.TryFromSchema(schemaDocument.RootElement, out var grammar));
        await using var scheduler = Scheduler();

        var output = await Generate.CollectAsync(scheduler, Request(grammar, seed));

        Assert.Equal(FinishReason.Stop, output.Summary.FinishReason);
        var result = JsonSchema.FromText(PersonSchema).Evaluate(JsonDocument.Parse(output.Text).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, output.Text);
    }

    [Theory]
    [InlineData(11u)]
    [InlineData(12u)]
    public async Task Generate_AnyObjectGrammar_OutputIsAJsonObjectCutOnlyByMaxTokens(uint seed)
    {
        // Any object allows strings of any length, which generated weights almost never close: the output runs to
        // max_tokens, and every byte of it must still be a valid start of one JSON object.
        await using var scheduler = Scheduler();

        var output = await Generate.CollectAsync(scheduler, Request(JsonGrammar.AnyObject(), seed) with { MaxTokens = 60 });

        Assert.Equal(FinishReason.Length, output.Summary.FinishReason);
        Assert.StartsWith("{", output.Text, StringComparison.Ordinal);
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(output.Text), isFinalBlock: false, state: default);
        var tokens = new List<JsonTokenType>();
        while (reader.Read())
        {
            tokens.Add(reader.TokenType);
        }

        Assert.Equal(JsonTokenType.StartObject, tokens[0]);
    }

    [Theory]
    [InlineData("""{"type":"string","pattern":"^a+$"}""", "pattern")]
    [InlineData("""{"type":"object","properties":{"n":{"type":"integer","maximum":3}}}""", "properties.n.maximum")]
    [InlineData("""{"type":"array","minItems":3,"maxItems":2}""", "maxItems")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"required":["b"]}""", "required")]
    [InlineData("""{"$ref":"https://example.com/s.json"}""", "$ref")]
    [InlineData("""{"type":"date"}""", "type")]
    public void TryFromSchema_ConstraintItCannotEnforce_ErrorNamesItsPath(string schema, string path)
    {
        using var document = JsonDocument.Parse(schema);

        var error = JsonGrammar.TryFromSchema(document.RootElement, out var grammar);

        Assert.Equal(path, error?.Path);
        Assert.Equal(string.Empty, grammar);
    }

    [Fact]
    public void TryFromSchema_RecursiveReference_ParsesInLlamaCpp()
    {
        using var document = JsonDocument.Parse("""{"$ref":"#/$defs/node","$defs":{"node":{"type":"object","properties":{"value":{"type":"integer"},"children":{"type":"array","items":{"$ref":"#/$defs/node"},"maxItems":2}},"required":["value"]}}}""");

        Assert.Null(JsonGrammar.TryFromSchema(document.RootElement, out var grammar));
        using var constraint = GrammarConstraint.TryCreate(fixture.Model.Vocabulary, grammar, JsonGrammar.Root);
        Assert.NotNull(constraint);
        Assert.True(constraint.Allows(fixture.Model.Vocabulary.Tokenize("{", addSpecial: false, parseSpecial: false)[0]));
        Assert.False(constraint.Allows(fixture.Model.Vocabulary.Tokenize("[", addSpecial: false, parseSpecial: false)[0]));
    }

    [Fact]
    public async Task Validate_GrammarOrLogProbsWithBackendSampling_RefusedNamingTheSetting()
    {
        await using var scheduler = new BatchScheduler(fixture.Model, new BatchSchedulerOptions { Sequences = 1, ContextPerSequence = 256, BackendSampling = true }, NullLogger.Instance);

        var grammar = scheduler.Validate(Request(JsonGrammar.AnyObject(), 1));
        var logProbs = scheduler.Validate(Request(JsonGrammar.AnyObject(), 1) with { Grammar = null, LogProbs = 2 });

        Assert.Equal(("response_format", "logprobs"), (grammar?.Parameter, logProbs?.Parameter));
        Assert.Contains("Scheduler:BackendSampling", grammar!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_GrammarWithIgnoreEos_Refused()
    {
        await using var scheduler = Scheduler();

        Assert.Equal("ignore_eos", scheduler.Validate(Request(JsonGrammar.AnyObject(), 1) with { IgnoreEos = true })?.Parameter);
    }

    private BatchScheduler Scheduler() =>
        new(fixture.Model, new BatchSchedulerOptions { Sequences = 2, ContextPerSequence = 1024, StepTokenBudget = 256 }, NullLogger.Instance);

    private GenerationRequest Request(string grammar, uint seed) => new()
    {
        Prompt = fixture.Model.Vocabulary.Tokenize("Give me JSON:", addSpecial: true, parseSpecial: false),
        Sampling = new SamplingOptions { Temperature = 1f, Seed = seed },
        MaxTokens = 900,
        Grammar = grammar,
    };
}
