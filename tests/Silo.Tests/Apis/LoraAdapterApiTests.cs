using System.Net;
using System.Text.Json;
using Cluster.Grains.Models;
using Cluster.Inference.Generation;
using Cluster.Inference.Sampling;
using Cluster.Silo.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Silo.Tests.Apis;

public sealed class LoraAdapterApiTests(AdapterSiloFixture fixture) : IClassFixture<AdapterSiloFixture>
{
    private const string Prompt = "The quick brown fox";

    // Changes made here as part of a cluster set newer than the one the cluster holds (version 0, empty): the silo's
    // adapter sync then ignores that older set instead of unloading what a test just added (RuntimeAdapterSync).
    private const long AheadOfTheCluster = 1;

    private HostedModels Models => fixture.Silo.App.Services.GetRequiredService<HostedModels>();

    [Fact]
    public async Task ListModels_TwoAdapters_EachListedWithTheBaseAsParent()
    {
        using var response = await fixture.Silo.Http.GetAsync("/v1/models");

        var data = (await response.ReadJsonAsync()).GetProperty("data");
        Assert.Equal(["tiny:tiny:", "bee:tiny:tiny", "tiny:a:tiny:tiny", "tiny:b:tiny:tiny"],
            data.EnumerateArray().Select(m => $"{m.GetProperty("id").GetString()}:{m.GetProperty("root").GetString()}:{(m.TryGetProperty("parent", out var p) ? p.GetString() : "")}"));
    }

    [Theory]
    [InlineData("""{"temperature":0}""")]
    [InlineData("""{"temperature":0.9,"top_p":0.95,"seed":11}""")]
    public async Task CreateCompletion_BaseAndTwoAdaptersAtOnce_EachAnswersAsAlone(string sampling)
    {
        string[] models = ["tiny", "tiny:a", "bee", "tiny:a", "tiny"];
        var alone = new List<string>();
        foreach (var model in models)
        {
            alone.Add(await CompleteAsync(model, sampling));
        }

        var together = await Task.WhenAll(models.Select(model => CompleteAsync(model, sampling)));

        Assert.Equal(alone, together);
        Assert.Equal(3, alone.Distinct().Count());
    }

    [Fact]
    public async Task CreateCompletion_UnknownAdapter_404ModelNotFound()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/completions", Body("tiny:nope", """{"max_tokens":2}"""));

        var message = await response.AssertErrorAsync(HttpStatusCode.NotFound, "model", "model_not_found");
        Assert.Equal("The model 'tiny:nope' does not exist.", message);
    }

    [Fact]
    public async Task AddAdapterAsync_AtRunTime_ServedAtOnceAndRemovedWhenUnused()
    {
        var added = await Models.AddAdapterAsync("tiny", new LoraAdapterOptions { Name = "c", Path = fixture.AdapterPath("a"), Aliases = ["sea"] }, setVersion: AheadOfTheCluster, CancellationToken.None);
        Assert.Equal(new AdapterChange(AdapterChangeStatus.Done, "'tiny:c' is served"), added);
        Assert.Equal(await CompleteAsync("tiny:a", """{"temperature":0}"""), await CompleteAsync("sea", """{"temperature":0}"""));

        var running = Models.Resolve("tiny:c")!.Submit(Request(), CancellationToken.None).Stream!;
        var busy = await Models.RemoveAdapterAsync("tiny", "c", setVersion: AheadOfTheCluster, CancellationToken.None);
        await foreach (var chunk in running)
        {
            Assert.NotNull(chunk);
        }

        var removed = await Models.RemoveAdapterAsync("tiny", "c", setVersion: AheadOfTheCluster, CancellationToken.None);

        Assert.Equal(new AdapterChange(AdapterChangeStatus.InUse, "1 requests are using 'tiny:c'; remove it again once they end"), busy);
        Assert.Equal((AdapterChangeStatus.Done, "'tiny:c' is no longer served", "c", fixture.AdapterPath("a"), "sea"),
            (removed.Status, removed.Message, removed.Removed?.Name, removed.Removed?.Path, string.Join(',', removed.Removed?.Aliases ?? [])));
        using var gone = await fixture.Silo.Http.PostAsync("/v1/completions", Body("sea", """{"max_tokens":2}"""));
        await gone.AssertErrorAsync(HttpStatusCode.NotFound, "model", "model_not_found");
    }

    [Fact]
    public async Task AddAdapterAsync_ModelFileOrTakenName_RefusedSayingWhy()
    {
        var notAdapter = await Models.AddAdapterAsync("tiny", new LoraAdapterOptions { Name = "m", Path = fixture.ModelPath }, setVersion: AheadOfTheCluster, CancellationToken.None);
        var taken = await Models.AddAdapterAsync("tiny", new LoraAdapterOptions { Name = "d", Path = fixture.AdapterPath("a"), Aliases = ["bee"] }, setVersion: AheadOfTheCluster, CancellationToken.None);
        var badName = await Models.AddAdapterAsync("tiny", new LoraAdapterOptions { Name = "x:y", Path = fixture.AdapterPath("a") }, setVersion: AheadOfTheCluster, CancellationToken.None);
        var unknown = await Models.RemoveAdapterAsync("tiny", "zzz", setVersion: AheadOfTheCluster, CancellationToken.None);

        Assert.Equal(new AdapterChange(AdapterChangeStatus.Invalid,
            $"cannot load LoRA adapter '{fixture.ModelPath}': not a LoRA adapter (general.type is 'model', adapter.type is 'none'; a LoRA adapter has 'adapter' and 'lora')"), notAdapter);
        Assert.Equal(new AdapterChange(AdapterChangeStatus.Conflict, "'bee' already names a model or adapter on this silo; choose another name"), taken);
        Assert.Equal(new AdapterChange(AdapterChangeStatus.Invalid, "adapter:Name is 'x:y'; use letters, digits, '-', '_' and '.' (requests name it as 'model:x:y')"), badName);
        Assert.Equal(new AdapterChange(AdapterChangeStatus.NotFound, "model 'tiny' has no adapter 'zzz'"), unknown);
    }

    private GenerationRequest Request() => new()
    {
        Prompt = Models.Find("tiny")!.Host.Serving.Vocabulary.Tokenize(Prompt, addSpecial: true, parseSpecial: false),
        Sampling = SamplingOptions.Greedy,
        MaxTokens = 4,
    };

    private async Task<string> CompleteAsync(string model, string sampling)
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/completions", Body(model, Generate.Merge("""{"max_tokens":8,"ignore_eos":true}""", sampling)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(model, body.GetProperty("model").GetString());
        return body.GetProperty("choices")[0].GetProperty("text").GetString()!;
    }

    private static string Body(string model, string extra) =>
        Generate.Merge($$"""{"model":{{JsonSerializer.Serialize(model)}},"prompt":{{JsonSerializer.Serialize(Prompt)}}}""", extra);
}
