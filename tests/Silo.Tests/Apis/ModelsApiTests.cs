using System.Net;
using Cluster.Silo.Tests.Fixtures;

namespace Cluster.Silo.Tests.Apis;

[Collection(SiloCollection.Name)]
public sealed class ModelsApiTests(SiloFixture fixture)
{
    [Fact]
    public async Task ListModels_OneModel_ExactList()
    {
        using var response = await fixture.Silo.Http.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var created = new DateTimeOffset(File.GetLastWriteTimeUtc(fixture.ModelPath)).ToUnixTimeSeconds();
        Assert.Equal($$"""{"object":"list","data":[{"id":"tiny","object":"model","created":{{created}},"owned_by":"cluster","root":"tiny","gpus":[],"replica_gpus":[[]],"split_mode":"none"}]}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RetrieveModel_Known_ExactModel()
    {
        using var response = await fixture.Silo.Http.GetAsync("/v1/models/tiny");

        var created = new DateTimeOffset(File.GetLastWriteTimeUtc(fixture.ModelPath)).ToUnixTimeSeconds();
        Assert.Equal($$"""{"id":"tiny","object":"model","created":{{created}},"owned_by":"cluster","root":"tiny","gpus":[],"replica_gpus":[[]],"split_mode":"none"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RetrieveModel_Unknown_404ModelNotFound()
    {
        using var response = await fixture.Silo.Http.GetAsync("/v1/models/gpt-9");

        var message = await response.AssertErrorAsync(HttpStatusCode.NotFound, "model", "model_not_found");
        Assert.Equal("The model 'gpt-9' does not exist.", message);
    }
}
