using System.Net;
using Cluster.Silo.Tests.Fixtures;

namespace Cluster.Silo.Tests.Models;

public sealed class FailedModelTests(FailedModelSiloFixture fixture) : IClassFixture<FailedModelSiloFixture>
{
    [Fact]
    public async Task CreateChatCompletion_ModelFailed_503WithRetryAfter()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/completions", """{"model":"broken","messages":[{"role":"user","content":"x"}]}""");

        Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("The model 'broken' failed to load on this server; retry later.",
            await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, param: null, "model_not_ready", "server_error"));
    }

    [Fact]
    public async Task HealthReady_ModelFailed_503()
    {
        using var ready = await fixture.Silo.Http.GetAsync("/health/ready");
        using var live = await fixture.Silo.Http.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", (await ready.ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task ListModels_ModelFailed_StillListed()
    {
        using var response = await fixture.Silo.Http.GetAsync("/v1/models");

        var body = await response.ReadJsonAsync();
        Assert.Equal("broken", Assert.Single(body.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
    }
}
