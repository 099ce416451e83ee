using Cluster.Grains.Models;
using Cluster.Grains.Tests.Fixtures;
using Cluster.Inference.Text;

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
}
