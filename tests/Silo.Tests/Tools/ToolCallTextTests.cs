using System.Text.Json;
using Cluster.Contracts.OpenAI;
using Cluster.Silo.Tools;

namespace Cluster.Silo.Tests.Tools;

public sealed class ToolCallTextTests
{
    private static readonly ToolUse Auto = Tools("""{"tools":[{"type":"function","function":{"name":"get_weather"}},{"type":"function","function":{"name":"get_time"}}]}""");

    [Theory]
    [InlineData("""{"name":"get_weather","arguments":{"city":"Paris"}}""", "get_weather", """{"city":"Paris"}""")]
    [InlineData(""" <|python_tag|>{"name": "get_time", "parameters": {}} """, "get_time", "{}")]
    public void TryParse_OneCall_NameAndArgumentsText(string answer, string name, string arguments)
    {
        var call = Assert.Single(ToolCallText.TryParse(answer, Auto)!);

        Assert.Equal((name, arguments, "function"), (call.Function!.Name, call.Function.Arguments, call.Type));
        Assert.Matches("^call_[0-9a-f]{24}$", call.Id);
    }

    [Fact]
    public void TryParse_ArrayOfCalls_EachInOrder()
    {
        var calls = ToolCallText.TryParse("""[{"name":"get_time","arguments":{"zone":"UTC"}}, {"name":"get_weather","arguments":{}}]""", Auto)!;

        Assert.Equal(["get_time", "get_weather"], calls.Select(call => call.Function!.Name));
        Assert.Equal(2, calls.Select(call => call.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("Hello there")]
    [InlineData("""{"name":"launch","arguments":{}}""")]
    [InlineData("""{"name":"get_time","arguments":"UTC"}""")]
    [InlineData("""[{"name":"get_time","arguments":{}}, 5]""")]
    [InlineData("""{"name":"get_time","arguments":{""")]
    [InlineData("[]")]
    public void TryParse_NotOnlyCallsToKnownFunctions_Null(string answer) => Assert.Null(ToolCallText.TryParse(answer, Auto));

    [Fact]
    public void Format_TwoCallsAfterText_TextThenAnArray()
    {
        ChatToolCall[] calls =
        [
            new() { Id = "a", Function = new ChatFunctionCall { Name = "f", Arguments = """{ "x": 1 }""" } },
            new() { Id = "b", Function = new ChatFunctionCall { Name = "g", Arguments = "not json" } },
        ];

        Assert.Equal("""Let me check.""" + "\n" + """[{"name":"f","arguments":{"x":1}},{"name":"g","arguments":"not json"}]""", ToolCallText.Format("Let me check.", calls));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("  {", true)]
    [InlineData("[", true)]
    [InlineData("<|pyth", true)]
    [InlineData("Sure", false)]
    public void MayStartCall_Prefixes_HeldOnlyWhileACallIsPossible(string start, bool held) => Assert.Equal(held, ToolCallText.MayStartCall(start));

    private static ToolUse Tools(string json)
    {
        var body = JsonSerializer.Deserialize(json, OpenAIJson.Context.ChatCompletionRequest)!;
        Assert.Null(ToolUse.TryCreate(body, out var tools));
        return tools!;
    }
}
