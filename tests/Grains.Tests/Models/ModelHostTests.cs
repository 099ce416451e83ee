using Cluster.Grains.Models;
using Cluster.Grains.Tests.Fixtures;
using Cluster.Inference.Native;
using Cluster.Inference.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Grains.Tests.Models;

[Collection(TinyModelsCollection.Name)]
public sealed class ModelHostTests(TinyModelsFixture fixture)
{
    [Fact]
    public async Task RestartSchedulerAsync_AfterTheLoopDied_FailedUntilRestartedThenServesTheSameTokens()
    {
        await using var host = await TestModels.LoadAsync(fixture.ModelPath);
        var prompt = host.Vocabulary.Tokenize("Once upon a time", addSpecial: true, parseSpecial: false);
        var before = await TestModels.ReadAsync(host.Submit(TestModels.Greedy with { Prompt = prompt }, CancellationToken.None));
        Assert.False(await host.RestartSchedulerAsync());

        host.InjectSchedulerFailure();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (host.Status != ModelStatus.Failed)
        {
            await Task.Delay(1, timeout.Token);
        }

        var refused = host.Submit(TestModels.Greedy with { Prompt = prompt }, CancellationToken.None);
        Assert.StartsWith("scheduler loop died: injected scheduler fault", host.FailureReason, StringComparison.Ordinal);
        Assert.True(await host.RestartSchedulerAsync());
        var after = await TestModels.ReadAsync(host.Submit(TestModels.Greedy with { Prompt = prompt }, CancellationToken.None));

        Assert.Equal(AdmissionStatus.NotReady, refused.Status);
        Assert.Equal(ModelStatus.Ready, host.Status);
        Assert.Null(host.FailureReason);
        Assert.Equal(before.Tokens, after.Tokens);
    }

    [Fact]
    public async Task LoadAsync_AdapterFailsAfterTheWeights_FailedHoldingNothing()
    {
        var options = new ModelHostOptions { Path = fixture.ModelPath, ModelId = "tiny", Adapters = [new LoraAdapterOptions { Name = "bad", Path = fixture.OtherModelPath }] };
        await using var host = new ModelHost(options, NullLogger<ModelHost>.Instance);

        await host.LoadAsync(null, CancellationToken.None);

        Assert.Equal((ModelStatus.Failed, true, ModelCapabilities.None), (host.Status, host.LoadFailed, host.Capabilities));
        Assert.StartsWith($"cannot load LoRA adapter '{fixture.OtherModelPath}'", host.FailureReason, StringComparison.Ordinal);
        Assert.Equal("model 'tiny' is Failed", Assert.Throws<InvalidOperationException>(() => host.Vocabulary).Message);
    }

    [Fact]
    public async Task LoadAsync_AfterAFailedLoad_LoadsAgainButNotOnceReady()
    {
        var folder = Directory.CreateTempSubdirectory("cluster-grains-reload-").FullName;
        try
        {
            var path = Path.Combine(folder, "tiny.gguf");
            var bytes = await File.ReadAllBytesAsync(fixture.ModelPath);
            await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);
            await using var host = new ModelHost(new ModelHostOptions { Path = path, Scheduler = new() { Sequences = 2, ContextPerSequence = 512 } }, NullLogger<ModelHost>.Instance);
            await host.LoadAsync(null, CancellationToken.None);
            var failed = (host.Status, host.LoadFailed);

            await File.WriteAllBytesAsync(path, bytes);
            await host.LoadAsync(null, CancellationToken.None);
            var output = await TestModels.ReadAsync(host.Submit(TestModels.Greedy with { Prompt = [new LlamaToken(1)] }, CancellationToken.None));
            var again = await Assert.ThrowsAsync<InvalidOperationException>(() => host.LoadAsync(null, CancellationToken.None));

            Assert.Equal((ModelStatus.Failed, true), failed);
            Assert.Equal((ModelStatus.Ready, false, null), (host.Status, host.LoadFailed, host.FailureReason));
            Assert.Equal(6, output.Tokens.Count);
            Assert.Equal("model 'tiny' (replica 0) is Ready: only a replica that has not loaded, or failed to, loads", again.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
