using System.Net;
using System.Text;
using System.Text.Json;
using Cluster.Silo.Tests.Fixtures;
using Json.Schema;
using OpenAI.Chat;
using SdkResponseFormat = OpenAI.Chat.ChatResponseFormat;

namespace Cluster.Silo.Tests.Apis;

/// <summary>response_format through the OpenAI .NET SDK: with generated weights, the answer still parses and matches the schema.</summary>
[Collection(SiloCollection.Name)]
public sealed class StructuredOutputTests(SiloFixture fixture)
{
    private const string CitySchema = """
        {
          "type": "object",
          "properties": {
            "city": { "type": "string", "maxLength": 8 },
            "population": { "type": "integer", "minimum": 0 },
            "capital": { "type": "boolean" },
            "tags": { "type": "array", "items": { "enum": ["old", "new", "big"] }, "maxItems": 2 }
          },
          "required": ["city", "population", "capital", "tags"],
          "additionalProperties": false
        }
        """;

    private readonly ChatClient _chat = fixture.Silo.ChatClient(SiloFixture.ModelId);

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public async Task CompleteChat_StrictJsonSchema_AnswerMatchesTheSchema(long seed)
    {
        var options = Options(seed, SdkResponseFormat.CreateJsonSchemaFormat("city", BinaryData.FromString(CitySchema), jsonSchemaIsStrict: true));

        ChatCompletion completion = await _chat.CompleteChatAsync([new UserChatMessage("Describe a city as JSON")], options);

        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        AssertMatches(completion.Content[0].Text);
    }

    [Fact]
    public async Task CompleteChatStreaming_StrictJsonSchema_JoinedDeltasMatchTheSchema()
    {
        var options = Options(24, SdkResponseFormat.CreateJsonSchemaFormat("city", BinaryData.FromString(CitySchema), jsonSchemaIsStrict: true));
        var text = new StringBuilder();
        ChatFinishReason? finish = null;

        await foreach (var update in _chat.CompleteChatStreamingAsync([new UserChatMessage("Describe a city as JSON")], options))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(part => part.Text)));
            finish ??= update.FinishReason;
        }

        Assert.Equal(ChatFinishReason.Stop, finish);
        AssertMatches(text.ToString());
    }

    [Fact]
    public async Task CompleteChat_JsonObjectCutByMaxTokens_AValidStartOfAnObject()
    {
        var options = Options(25, SdkResponseFormat.CreateJsonObjectFormat());
        options.MaxOutputTokenCount = 20;

        ChatCompletion completion = await _chat.CompleteChatAsync([new UserChatMessage("JSON please")], options);

        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(completion.Content[0].Text), isFinalBlock: false, state: default);
        Assert.True(reader.Read());
        Assert.Equal(JsonTokenType.StartObject, reader.TokenType);
        while (reader.Read())
        {
        }
    }

    [Theory]
    [InlineData("""{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"string","pattern":"^a"}}}""", "response_format.json_schema.schema", "invalid_json_schema")]
    [InlineData("""{"type":"json_schema"}""", "response_format.json_schema", "missing_required_parameter")]
    [InlineData("""{"type":"xml"}""", "response_format.type", null)]
    public async Task CreateChatCompletion_BadResponseFormat_400WithParam(string format, string param, string? code)
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/completions", Generate.Chat("x", $$"""{"response_format":{{format}}}"""));

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, param, code);
    }

    [Fact]
    public async Task CreateChatCompletion_JsonFormatWithIgnoreEos_400()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/completions", Generate.Chat("x", """{"response_format":{"type":"json_object"},"ignore_eos":true}"""));

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "ignore_eos", null);
    }

    private static ChatCompletionOptions Options(long seed, SdkResponseFormat format) =>
        new() { Temperature = 1f, Seed = seed, MaxOutputTokenCount = 200, ResponseFormat = format };

    private static void AssertMatches(string text)
    {
        var result = JsonSchema.FromText(CitySchema).Evaluate(JsonDocument.Parse(text).RootElement);
        Assert.True(result.IsValid, text);
    }
}
