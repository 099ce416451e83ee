using System.ClientModel;
using System.Net;
using Cluster.Silo.Tests.Fixtures;
using OpenAI.Chat;

namespace Cluster.Silo.Tests.Errors;

[Collection(SiloCollection.Name)]
public sealed class RequestErrorTests(SiloFixture fixture)
{
    [Theory]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"temperature":3}""", "temperature", null, "temperature must be between 0 and 2")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"top_p":0}""", "top_p", null, "top_p must be greater than 0 and at most 1")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"top_k":-1}""", "top_k", null, "top_k must be 0 (off) or positive")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"min_p":2}""", "min_p", null, "min_p must be between 0 and 1")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"presence_penalty":3}""", "presence_penalty", null, "presence_penalty must be between -2 and 2")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"frequency_penalty":-3}""", "frequency_penalty", null, "frequency_penalty must be between -2 and 2")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"repetition_penalty":0}""", "repetition_penalty", null, "repetition_penalty must be positive (1 is off)")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"n":9}""", "n", null, "n is 9, but this model runs at most 4 sequences at once (Scheduler:Sequences); ask for at most 4")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"max_tokens":0}""", "max_tokens", null, "max_tokens is 0; it must be at least 1.")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"max_completion_tokens":0}""", "max_completion_tokens", null, "max_completion_tokens is 0; it must be at least 1.")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"stop":["a","b","c","d","e"]}""", "stop", null, "stop holds 5 sequences; send at most 4.")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"stop":""}""", "stop", null, "stop sequences must not be empty.")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":true}}""", "stream_options", null, "stream_options is only allowed when stream is true.")]
    [InlineData("""{"model":7,"messages":[{"role":"user","content":"x"}]}""", "model", null, "Invalid value for 'model': it has the wrong JSON type (line 1, byte 11).")]
    [InlineData("""{"model":"tiny"}""", "messages", "missing_required_parameter", "Missing required parameter: 'messages'.")]
    [InlineData("""{"model":"tiny","messages":[]}""", "messages", null, "messages is empty; send at least one message.")]
    [InlineData("""{"model":"tiny","messages":[{"content":"x"}]}""", "messages[0].role", "missing_required_parameter", "Missing required parameter: 'messages[0].role'.")]
    [InlineData("""{"model":"tiny","messages":[{"role":"function","content":"x"}]}""", "messages[0].role", null, "Invalid value: 'function'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.")]
    [InlineData("""{"model":"tiny","messages":[{"role":"tool","content":"x"}]}""", "messages[0].tool_call_id", "missing_required_parameter", "Missing required parameter: 'messages[0].tool_call_id'.")]
    [InlineData("""{"model":"tiny","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"arguments":"{}"}}]}]}""", "messages[0].tool_calls[0].function.name", "missing_required_parameter", "Missing required parameter: 'messages[0].tool_calls[0].function.name'.")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user"}]}""", "messages[0].content", "missing_required_parameter", "Missing required parameter: 'messages[0].content'.")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":[{"type":"text","text":"x"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}""", "messages", "image_content_not_supported", "The model 'tiny' does not take images (it has no vision projector); send text only, or use a model configured with Silo:Models:N:Projector.")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":[{"type":"input_audio"}]}]}""", "messages[0].content[0].type", null, "Content parts of type 'input_audio' are not supported; send 'text' parts only.")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"temperature":"hot"}""", "temperature", null, "Invalid value for 'temperature': it has the wrong JSON type (line 1, byte 79).")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":42}]}""", "messages[0].content", null, "Invalid value for 'messages[0].content': it has the wrong JSON type (line 1, byte 29).")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"stop":7}""", "stop", null, "Invalid value for 'stop': it has the wrong JSON type (line 1, byte 68).")]
    [InlineData("""[1,2]""", null, null, "We could not parse the JSON body of your request (line 1, byte 2); send a JSON object.")]
    [InlineData("""null""", null, null, "The request body must be a JSON object.")]
    [InlineData("", null, null, "We could not parse the JSON body of your request (line 1, byte 1); send a JSON object.")]
    public async Task CreateChatCompletion_InvalidRequest_400WithParam(string body, string? param, string? code, string message)
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/completions", body);

        Assert.Equal(message, await response.AssertErrorAsync(HttpStatusCode.BadRequest, param, code));
    }

    [Theory]
    [InlineData("""{"model":"tiny","prompt":["a","b"]}""", "prompt", null, "prompt holds 2 prompts; send exactly one (a string or a list of one string).")]
    [InlineData("""{"model":"tiny"}""", "prompt", "missing_required_parameter", "Missing required parameter: 'prompt'.")]
    [InlineData("""{"model":"tiny","prompt":[1,2,3]}""", "prompt", null, "Invalid value for 'prompt': it has the wrong JSON type (line 1, byte 28).")]
    [InlineData("""{"model":"tiny","prompt":"x","n":0}""", "n", null, "n is 0; it must be at least 1.")]
    [InlineData("""{"model":"tiny","prompt":"x","logit_bias":{"fox":5}}""", "logit_bias", null, "logit_bias key 'fox' is not a token id; keys are token ids written as decimal integers.")]
    [InlineData("""{"model":"tiny","prompt":"x","logit_bias":{"-3":5}}""", "logit_bias", null, "logit_bias key '-3' is not a token id; keys are token ids written as decimal integers.")]
    [InlineData("""{"model":"tiny","prompt":"x","logit_bias":{"42":101}}""", "logit_bias", null, "logit_bias values must be between -100 and 100")]
    [InlineData("""{"model":"tiny","prompt":"x","logit_bias":{"128256":1}}""", "logit_bias", null, "logit_bias names token 128256, outside this model's vocabulary 0..128255")]
    [InlineData("""{"model":"tiny","prompt":"x","logit_bias":{"42":"up"}}""", "logit_bias.42", null, "Invalid value for 'logit_bias.42': it has the wrong JSON type (line 1, byte 53).")]
    public async Task CreateCompletion_InvalidRequest_400WithParam(string body, string? param, string? code, string message)
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/completions", body);

        Assert.Equal(message, await response.AssertErrorAsync(HttpStatusCode.BadRequest, param, code));
    }

    [Fact]
    public async Task CreateChatCompletion_MalformedJson_400WithoutParam()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/completions", """{"model": "tiny", "messages": [""");

        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, param: null, code: null);
        Assert.StartsWith("We could not parse the JSON body of your request", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_SdkWithBadTemperature_ClientResultException400()
    {
        var chat = fixture.Silo.ChatClient(SiloFixture.ModelId);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("x")], new ChatCompletionOptions { Temperature = 2.5f }));

        Assert.Equal(400, error.Status);
        Assert.Contains("temperature must be between 0 and 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateChatCompletion_UnknownModel_404ModelNotFound()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/completions", """{"model":"gpt-9","messages":[{"role":"user","content":"x"}]}""");

        Assert.Equal("The model 'gpt-9' does not exist.", await response.AssertErrorAsync(HttpStatusCode.NotFound, "model", "model_not_found"));
    }

    [Fact]
    public async Task CreateChatCompletion_PromptOverContext_400ContextLengthExceeded()
    {
        var message = string.Join(' ', Enumerable.Repeat("llama", 300));
        var promptTokens = fixture.ChatPromptTokens(new Inference.Text.ChatMessage("user", message)).Length;

        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/completions", Generate.Chat(message));

        Assert.Equal($"This model's maximum context length is {SiloFixture.ContextPerSequence} tokens. However, your messages resulted in {promptTokens} tokens.",
            await response.AssertErrorAsync(HttpStatusCode.BadRequest, "messages", "context_length_exceeded"));
    }

    [Fact]
    public async Task CreateCompletion_PromptOverContext_400ContextLengthExceededOnPrompt()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/completions", Generate.Completion(string.Join(' ', Enumerable.Repeat("llama", 300))));

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "prompt", "context_length_exceeded");
    }

    [Fact]
    public async Task CreateChatCompletion_BodyOverLimit_413()
    {
        var body = Generate.Chat(new string('a', SiloFixture.MaxRequestBodyBytes * 2));

        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/completions", body);

        Assert.Equal($"The request body is larger than {SiloFixture.MaxRequestBodyBytes} bytes.",
            await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, param: null, "request_too_large"));
    }

    [Fact]
    public async Task CreateChatCompletion_TextPlainBody_415InOpenAIShape()
    {
        using var content = new StringContent(Generate.Chat("x"), System.Text.Encoding.UTF8, "text/plain");

        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/completions", content);

        Assert.Equal("Send the request body as application/json.",
            await response.AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, param: null, code: null));
    }

    [Fact]
    public async Task Get_UnknownUrl_404InOpenAIShape()
    {
        using var response = await fixture.Silo.Http.GetAsync("/v1/engines");

        Assert.Equal("Invalid URL (GET /v1/engines).", await response.AssertErrorAsync(HttpStatusCode.NotFound, param: null, "unknown_url"));
    }

    [Fact]
    public async Task Get_ChatCompletions_405InOpenAIShape()
    {
        using var response = await fixture.Silo.Http.GetAsync("/v1/chat/completions");

        Assert.Equal("Method GET is not allowed on /v1/chat/completions.",
            await response.AssertErrorAsync(HttpStatusCode.MethodNotAllowed, param: null, "method_not_allowed"));
    }
}
