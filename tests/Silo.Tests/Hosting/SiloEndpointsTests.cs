using System.Net;
using Cluster.Silo.Tests.Fixtures;

namespace Cluster.Silo.Tests.Hosting;

[Collection(SiloCollection.Name)]
public sealed class SiloEndpointsTests(SiloFixture fixture)
{
    [Fact]
    public async Task Health_ModelReady_LiveAndReady200()
    {
        using var live = await fixture.Silo.Http.GetAsync("/health/live");
        using var ready = await fixture.Silo.Http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("""{"status":"Healthy","models":{"tiny":{"status":"Ready","scheduler_restarts":0,"failure_reason":null}}}""", await ready.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-cluster-secret")]
    public async Task AnyEndpointButHealth_WithoutTheClusterSecret_401AndHealthStillAnswers(string? secret)
    {
        using var http = new HttpClient { BaseAddress = fixture.Silo.BaseAddress };
        if (secret is not null)
        {
            http.DefaultRequestHeaders.Add("X-Cluster-Secret", secret);
        }

        using var models = await http.GetAsync("/v1/models");
        using var chat = await http.PostAsync("/v1/chat/completions", """{"model":"tiny","messages":[{"role":"user","content":"Hi"}]}""");
        using var kv = await http.GetAsync("/internal/kv/0123456789abcdef0123456789abcdef");
        using var ready = await http.GetAsync("/health/ready");

        const string Message = "This is a cluster silo: it answers the cluster's gateways only (X-Cluster-Secret). Send requests to the gateway.";
        Assert.Equal(Message, await models.AssertErrorAsync(HttpStatusCode.Unauthorized, null, "invalid_cluster_credential"));
        Assert.Equal(Message, await chat.AssertErrorAsync(HttpStatusCode.Unauthorized, null, "invalid_cluster_credential"));
        Assert.Equal(Message, await kv.AssertErrorAsync(HttpStatusCode.Unauthorized, null, "invalid_cluster_credential"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_Served_ListsTheApiWithSnakeCaseSchemas()
    {
        using var response = await fixture.Silo.Http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadJsonAsync();
        var paths = document.GetProperty("paths").EnumerateObject().Select(path => path.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "/v1/models", "/v1/models/{id}", "/v1/chat/completions", "/v1/completions", "/v1/chat/interactive",
            "/internal/kv/{handle}",
        }, paths);
        var request = document.GetProperty("components").GetProperty("schemas").GetProperty("ChatCompletionRequest").GetProperty("properties");
        Assert.True(request.TryGetProperty("max_completion_tokens", out _));
        Assert.True(request.TryGetProperty("stream_options", out _));
        Assert.Equal("Cluster silo", document.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task SwaggerUi_Root_ServesThePage()
    {
        using var response = await fixture.Silo.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.ContentType()?.MediaType);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
