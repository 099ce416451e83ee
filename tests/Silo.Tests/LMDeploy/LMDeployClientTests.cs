using System.Net;
using System.Text.Json;
using Cluster.Silo.Tests.Fixtures;
using EngineMessage = Cluster.Inference.Text.ChatMessage;

namespace Cluster.Silo.Tests.LMDeploy;

/// <summary>
/// The bodies LMDeploy's Python APIClient (lmdeploy/serve/openai/api_client.py) posts, byte for byte as requests' json=
/// writes them: every keyword argument from locals() in signature order, nulls included, the stray "kwargs": {}, no model
/// on the interactive API. The client itself cannot be installed here (no PyPI), so its payloads are replayed.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class LMDeployClientTests(SiloFixture fixture)
{
    [Fact]
    public async Task ChatInteractiveV1_OneOffWithoutModel_AnswersWithTheOnlyModel()
    {
        var body = """{"prompt": "Hello", "session_id": -1, "interactive_mode": false, "stream": false, "stop": null, "request_output_len": 6, "top_p": 0.8, "top_k": 40, "temperature": 0.8, "repetition_penalty": 1.0, "ignore_eos": true, "kwargs": {}}""";

        var answer = await fixture.Silo.Http.InteractiveAsync(body);

        Assert.Equal(6, answer.GetProperty("tokens").GetInt32());
        Assert.Equal(fixture.ChatPromptTokens(new EngineMessage("user", "Hello")).Length, answer.GetProperty("input_tokens").GetInt32());
        Assert.Equal("length", answer.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task ChatThenEndSession_ClientPayloads_TurnKeptThenSessionEnded()
    {
        // APIClient.chat(prompt, session_id=4242, request_output_len=4, ignore_eos=True), then APIClient.end_session(4242).
        var chat = """{"prompt": "Hi there", "session_id": 4242, "interactive_mode": true, "stream": false, "stop": null, "request_output_len": 4, "top_p": 0.8, "top_k": 40, "temperature": 0.8, "repetition_penalty": 1.0, "ignore_eos": true, "kwargs": {}}""";
        var end = """{"prompt": "", "session_id": 4242, "interactive_mode": false, "stream": false, "stop": null, "request_output_len": 0, "top_p": 0.8, "top_k": 40, "temperature": 0.8, "repetition_penalty": 1.0, "ignore_eos": false, "kwargs": {}}""";

        var turn = await fixture.Silo.Http.InteractiveAsync(chat);
        var ended = await fixture.Silo.Http.InteractiveAsync(end);

        Assert.Equal((4, 4242L), (turn.GetProperty("tokens").GetInt32(), turn.GetProperty("session_id").GetInt64()));
        Assert.Equal("end", ended.GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task ChatCompletionsV1_StringMessagesAndNulls_OneUserTurn()
    {
        var body = """{"model": "tiny", "messages": "Hello", "temperature": 0.7, "top_p": 1.0, "n": 1, "max_tokens": 5, "stop": null, "stream": false, "presence_penalty": 0.0, "frequency_penalty": 0.0, "user": null, "repetition_penalty": 1.0, "session_id": -1, "ignore_eos": true, "kwargs": {}}""";

        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/completions", body);
        var completion = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fixture.ChatPromptTokens(new EngineMessage("user", "Hello")).Length, completion.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(5, completion.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal("length", completion.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task ChatCompletionsV1_OldClientStopFalse_NoStopStrings()
    {
        // Older APIClients declared stop: Optional[bool] = False and posted it as is.
        var body = """{"model": "tiny", "messages": "Hello", "temperature": 0.7, "top_p": 1.0, "n": 1, "max_tokens": 5, "stop": false, "stream": false, "presence_penalty": 0.0, "frequency_penalty": 0.0, "user": null, "repetition_penalty": 1.0, "session_id": -1, "ignore_eos": true, "kwargs": {}}""";

        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/completions", body);
        var completion = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((5, "length"), (completion.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), completion.GetProperty("choices")[0].GetProperty("finish_reason").GetString()));
    }

    [Fact]
    public async Task ChatInteractiveV1_OldClientStopFalse_AnswersWholeLength()
    {
        var body = """{"prompt": "Hello", "session_id": -1, "interactive_mode": false, "stream": false, "stop": false, "request_output_len": 6, "top_p": 0.8, "top_k": 40, "temperature": 0.8, "repetition_penalty": 1.0, "ignore_eos": true}""";

        var answer = await fixture.Silo.Http.InteractiveAsync(body);

        Assert.Equal((6, "length"), (answer.GetProperty("tokens").GetInt32(), answer.GetProperty("finish_reason").GetString()));
    }

    [Fact]
    public async Task CompletionsV1_StopTrue_400NamingStop()
    {
        var body = """{"model": "tiny", "prompt": "Once", "max_tokens": 3, "stop": true}""";

        using var response = await fixture.Silo.Http.PostAsync("/v1/completions", body);

        Assert.Equal("Invalid value for 'stop': it has the wrong JSON type (line 1, byte 66).", await response.AssertErrorAsync(HttpStatusCode.BadRequest, "stop", null));
    }

    [Fact]
    public async Task CompletionsV1_SuffixNullAndKwargs_Answers()
    {
        var body = """{"model": "tiny", "prompt": "Once", "suffix": null, "temperature": 0.7, "n": 1, "max_tokens": 3, "stream": false, "stop": null, "top_p": 1.0, "top_k": 40, "user": null, "repetition_penalty": 1.0, "session_id": -1, "ignore_eos": true, "kwargs": {}}""";

        using var response = await fixture.Silo.Http.PostAsync("/v1/completions", body);
        var completion = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((fixture.CompletionPromptTokens("Once").Length, 3),
            (completion.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), completion.GetProperty("usage").GetProperty("completion_tokens").GetInt32()));
    }

    [Fact]
    public async Task Encode_OneString_IdsWithBos()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/encode", """{"input": "Hello world", "do_preprocess": false, "add_bos": true}""");
        var encoded = await response.ReadJsonAsync();

        var expected = fixture.CompletionPromptTokens("Hello world").Select(token => token.Value).ToArray();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, encoded.GetProperty("input_ids").EnumerateArray().Select(id => id.GetInt32()));
        Assert.Equal(expected.Length, encoded.GetProperty("length").GetInt32());
        Assert.Equal(128000, expected[0]);
    }

    [Fact]
    public async Task Encode_ListWithoutBos_OneListPerString()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/encode", """{"input": ["Hello", "a b c"], "do_preprocess": false, "add_bos": false}""");
        var encoded = await response.ReadJsonAsync();

        int[][] expected = [Ids("Hello"), Ids("a b c")];
        Assert.Equal(expected, encoded.GetProperty("input_ids").EnumerateArray().Select(ids => ids.EnumerateArray().Select(id => id.GetInt32()).ToArray()));
        Assert.Equal(expected.Select(ids => ids.Length), encoded.GetProperty("length").EnumerateArray().Select(length => length.GetInt32()));
        Assert.DoesNotContain(128000, expected[0]);
    }

    [Fact]
    public async Task Encode_DoPreprocess_TheChatPromptOfOneUserTurn()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/encode", """{"input": "Hello", "do_preprocess": true, "add_bos": true}""");
        var encoded = await response.ReadJsonAsync();

        var expected = fixture.ChatPromptTokens(new EngineMessage("user", "Hello")).Select(token => token.Value);
        Assert.Equal(expected, encoded.GetProperty("input_ids").EnumerateArray().Select(id => id.GetInt32()));
    }

    [Theory]
    [InlineData("""{"do_preprocess": false}""", "input", "missing_required_parameter", "Missing required parameter: 'input'.")]
    [InlineData("""{"input": 5}""", "input", "invalid_type", "input must be a string or a list of strings.")]
    [InlineData("""{"input": ["a", 5]}""", "input[1]", "invalid_type", "input must be a string or a list of strings.")]
    [InlineData("""{"input": "a", "model": "gpt-9"}""", "model", "model_not_found", "The model 'gpt-9' does not exist.")]
    public async Task Encode_BadInput_OpenAIError(string body, string param, string code, string message)
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/encode", body);

        var status = code == "model_not_found" ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest;
        Assert.Equal(message, await response.AssertErrorAsync(status, param, code));
    }

    private int[] Ids(string text) => [.. fixture.Reference.Vocabulary.Tokenize(text, addSpecial: false, parseSpecial: false).Select(token => token.Value)];
}
