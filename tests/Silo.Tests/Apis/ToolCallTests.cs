using System.Net;
using System.Text.Json;
using Cluster.Silo.Tests.Fixtures;
using Json.Schema;
using OpenAI.Chat;
using EngineMessage = Cluster.Inference.Text.ChatMessage;

namespace Cluster.Silo.Tests.Apis;

/// <summary>tools and tool_choice through the OpenAI .NET SDK; a forced call's arguments always match the function's schema.</summary>
[Collection(SiloCollection.Name)]
public sealed class ToolCallTests(SiloFixture fixture)
{
    private const string WeatherSchema = """{"type":"object","properties":{"city":{"enum":["Paris","Rome"]},"unit":{"enum":["c","f"]}},"required":["city","unit"],"additionalProperties":false}""";
    private const string TimeSchema = """{"type":"object","properties":{"zone":{"type":"string","maxLength":6}},"required":["zone"],"additionalProperties":false}""";

    private static readonly ChatTool Weather = ChatTool.CreateFunctionTool("get_weather", "Weather now", BinaryData.FromString(WeatherSchema), functionSchemaIsStrict: true);
    private static readonly ChatTool Time = ChatTool.CreateFunctionTool("get_time", "Time now", BinaryData.FromString(TimeSchema));

    private readonly ChatClient _chat = fixture.Silo.ChatClient(SiloFixture.ModelId);

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public async Task CompleteChat_RequiredSingleCall_ToolCallsWithArgumentsMatchingTheSchema(long seed)
    {
        var options = Options(seed, ChatToolChoice.CreateRequiredChoice(), parallel: false);

        ChatCompletion completion = await _chat.CompleteChatAsync([new UserChatMessage("Weather?")], options);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.StartsWith("call_", call.Id, StringComparison.Ordinal);
        AssertArguments(call.FunctionName, call.FunctionArguments.ToString());
    }

    [Fact]
    public async Task CompleteChat_NamedFunction_CallsThatFunction()
    {
        var options = Options(33, ChatToolChoice.CreateFunctionChoice("get_time"), parallel: true);

        ChatCompletion completion = await _chat.CompleteChatAsync([new UserChatMessage("Time?")], options);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("get_time", call.FunctionName);
        AssertArguments("get_time", call.FunctionArguments.ToString());
    }

    [Fact]
    public async Task CompleteChatStreaming_Required_DeltasAssembleIntoAValidCall()
    {
        // One call: its length is bounded by the schemas. (An array of calls ends only when the draw closes it.)
        var options = Options(34, ChatToolChoice.CreateRequiredChoice(), parallel: false);
        var calls = new SortedDictionary<int, (string Id, string Name, string Arguments)>();
        ChatFinishReason? finish = null;

        await foreach (var update in _chat.CompleteChatStreamingAsync([new UserChatMessage("Weather and time?")], options))
        {
            foreach (var part in update.ToolCallUpdates)
            {
                var (id, name, arguments) = calls.GetValueOrDefault(part.Index, (string.Empty, string.Empty, string.Empty));
                calls[part.Index] = (id + part.ToolCallId, name + part.FunctionName, arguments + part.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
            Assert.DoesNotContain(update.ContentUpdate, content => content.Text.Length > 0);
        }

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal([0], calls.Keys);
        foreach (var (id, name, arguments) in calls.Values)
        {
            Assert.StartsWith("call_", id, StringComparison.Ordinal);
            AssertArguments(name, arguments);
        }
    }

    [Fact]
    public async Task CompleteChat_HistoryWithCallAndResultAndChoiceNone_RendersThemAsTurns()
    {
        var options = new ChatCompletionOptions { Temperature = 0f, MaxOutputTokenCount = 3, ToolChoice = ChatToolChoice.CreateNoneChoice(), Tools = { Weather } };
        options.Patch.Set("$.ignore_eos"u8, true);
        ChatMessage[] history =
        [
            new UserChatMessage("Weather?"),
            new AssistantChatMessage([ChatToolCall.CreateFunctionToolCall("call_1", "get_weather", BinaryData.FromString("""{"city": "Paris", "unit": "c"}"""))]),
            new ToolChatMessage("call_1", "18 degrees"),
        ];

        ChatCompletion completion = await _chat.CompleteChatAsync(history, options);

        var expected = fixture.ChatPromptTokens(
            new EngineMessage("user", "Weather?"),
            new EngineMessage("assistant", """{"name":"get_weather","arguments":{"city":"Paris","unit":"c"}}"""),
            new EngineMessage("tool", "18 degrees"));
        Assert.Equal((ChatFinishReason.Length, expected.Length), (completion.FinishReason, completion.Usage.InputTokenCount));
        Assert.Empty(completion.ToolCalls);
    }

    [Theory]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"},{"role":"tool","content":"y"}]}""", "messages[1].tool_call_id", "missing_required_parameter")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"g"}}}""", "tool_choice", null)]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"tools":[{"type":"retrieval"}]}""", "tools[0].type", null)]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"string","pattern":"a"}}}],"tool_choice":"required"}""", "tools", "invalid_json_schema")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"tool_choice":"required"}""", "tool_choice", null)]
    public async Task CreateChatCompletion_BadTools_400WithParam(string body, string param, string? code)
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/completions", body);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, param, code);
    }

    private static ChatCompletionOptions Options(long seed, ChatToolChoice choice, bool parallel) => new()
    {
        Temperature = 1f, Seed = seed, MaxOutputTokenCount = 90, ToolChoice = choice, AllowParallelToolCalls = parallel, Tools = { Weather, Time },
    };

    private static void AssertArguments(string function, string arguments)
    {
        var schema = function switch { "get_weather" => WeatherSchema, "get_time" => TimeSchema, _ => throw new InvalidOperationException($"unknown function '{function}'") };
        Assert.True(JsonSchema.FromText(schema).Evaluate(JsonDocument.Parse(arguments).RootElement).IsValid, arguments);
    }
}
