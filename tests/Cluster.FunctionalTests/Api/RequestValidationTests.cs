using System.Net;
using System.Text;
using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Api;

public sealed class RequestValidationTests
{
    [Fact]
    public async Task Chat_BodyOverLimit_413()
    {
        await using var cluster = await RealCluster.StartAsync(1, new Dictionary<string, string?> { ["Gateway:Limits:MaxRequestBodyBytes"] = "1024" });
        using var response = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(DemoModel.Id, ("user", new string('x', 2000))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (await Chat.ErrorAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Chat_ChunkedBodyOverLimit_413()
    {
        await using var cluster = await RealCluster.StartAsync(1, new Dictionary<string, string?> { ["Gateway:Limits:MaxRequestBodyBytes"] = "1024" });
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"model\":\"tiny\",\"messages\":[],\"pad\":\"" + new string('x', 4000) + "\"}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await cluster.Gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"model\":\"tiny\",", "invalid_json", null)]
    [InlineData("[1,2]", "invalid_json", null)]
    [InlineData("{\"model\":7,\"messages\":[]}", "invalid_type", "model")]
    [InlineData("{\"model\":\"tiny\",\"messages\":7}", "invalid_type", "messages")]
    public async Task Chat_BadBody_400WithCodeAndParam(string body, string code, string? param)
    {
        await using var cluster = await RealCluster.StartAsync(1);
        using var response = await cluster.Gateway.Client.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await Chat.ErrorAsync(response);
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Chat_UnknownModel_404ModelNotFound()
    {
        await using var cluster = await RealCluster.StartAsync(1);
        using var response = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body("gpt-nope", ("user", "hi")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("model_not_found", (await Chat.ErrorAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Chat_NoSilos_503WithRetryAfter()
    {
        await using var gateway = await GatewayHost.StartWithoutSilosAsync();
        using var response = await Chat.PostAsync(gateway.Client, Chat.Body(DemoModel.Id, ("user", "hi")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
    }
}
