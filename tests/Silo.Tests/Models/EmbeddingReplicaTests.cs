using Cluster.Inference.Native;
using Cluster.Silo.Tests.Fixtures;

namespace Cluster.Silo.Tests.Models;

public sealed class EmbeddingReplicaTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-silo-embed-replicas-").FullName;
    private SiloHost _silo = null!;

    public async Task InitializeAsync()
    {
        var embed = await TinyModelFile.WriteEmbeddingAsync(_folder);
        _silo = await SiloHost.StartAsync(
            $"--Silo:Models:0:Path={embed}",
            "--replicas=2",
            "--Silo:Models:0:GpuLayers=0",
            "--Silo:Models:0:Scheduler:Sequences=2",
            "--Silo:Models:0:Scheduler:ContextPerSequence=64",
            "--Silo:Models:0:Scheduler:StepTokenBudget=128");
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Embed_FourAtOnce_TwoOnEachReplicaWithTheSameVectors()
    {
        var model = _silo.Grain("embed");
        var replicas = _silo.Replicas("embed");
        LlamaToken[][] input = [model.Vocabulary.Tokenize("The quick brown fox", addSpecial: true, parseSpecial: false)];

        var pending = Enumerable.Range(0, 4).Select(_ => model.Embed(input, CancellationToken.None)!).ToList();
        var inFlight = replicas.ReplicaInfos.Select(replica => replica.InFlight).ToList();
        var vectors = await Task.WhenAll(pending);

        Assert.Equal([2, 2], inFlight);
        Assert.Equal([2L, 2L], replicas.ReplicaInfos.Select(replica => replica.Admitted));
        Assert.Equal([0, 0], replicas.ReplicaInfos.Select(replica => replica.InFlight));
        Assert.All(vectors, vector => EmbeddingAssert.Close(vectors[0][0], vector[0]));
    }
}
