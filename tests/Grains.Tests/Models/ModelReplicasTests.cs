using Cluster.Grains.Models;
using Cluster.Grains.Tests.Fixtures;
using Cluster.Inference.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Grains.Tests.Models;

[Collection(TinyModelsCollection.Name)]
public sealed class ModelReplicasTests(TinyModelsFixture fixture)
{
    [Fact]
    public async Task Status_OneReplicaFailedOneLoadingThenReady_LoadingThenReadyWithTheFailureNamed()
    {
        var missing = Path.Combine(Path.GetDirectoryName(fixture.ModelPath)!, "missing.gguf");
        await using var failed = new ModelHost(new ModelHostOptions { Path = missing, ModelId = "tiny" }, NullLogger<ModelHost>.Instance, 0);
        await failed.LoadAsync(null, CancellationToken.None);
        var loading = new ModelHost(new ModelHostOptions { Path = fixture.ModelPath, ModelId = "tiny", Scheduler = new() { Sequences = 2, ContextPerSequence = 512 } },
            NullLogger<ModelHost>.Instance, 1);
        await using var replicas = new ModelReplicas([failed, loading]);

        var whileLoading = (replicas.Status, replicas.Serving.Submit(TestModels.Greedy with { Prompt = [new LlamaToken(1)] }, CancellationToken.None).Status);
        await loading.LoadAsync(null, CancellationToken.None);

        Assert.Equal((ModelStatus.Loading, AdmissionStatus.NotReady), whileLoading);
        Assert.Equal(ModelStatus.Ready, replicas.Status);
        Assert.Equal($"replica 0: {failed.FailureReason}", replicas.FailureReason);
        Assert.Equal([ModelStatus.Failed, ModelStatus.Ready], replicas.ReplicaInfos.Select(replica => replica.Status));
        var output = await TestModels.ReadAsync(replicas.Serving.Submit(TestModels.Greedy with { Prompt = [new LlamaToken(1)] }, CancellationToken.None));
        Assert.Equal(6, output.Tokens.Count);
        Assert.Equal([0L, 1L], replicas.ReplicaInfos.Select(replica => replica.Admitted));
    }
}
