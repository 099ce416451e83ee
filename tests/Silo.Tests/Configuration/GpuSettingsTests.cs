using Cluster.Grains.Models;
using Cluster.Inference.Native;
using Cluster.Silo.Configuration;
using Cluster.Silo.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Tests.Configuration;

[Collection(ConfigurationCollection.Name)]
public sealed class GpuSettingsTests : IDisposable
{
    private readonly PlaceholderModel _placeholder = new("cluster-silo-gpus-");

    private string ModelPath => _placeholder.FilePath;

    public void Dispose() => _placeholder.Dispose();

    [Fact]
    public async Task Build_TpSwitch_SplitsByLayerOverNGpusFromMainGpu()
    {
        await using var app = SiloApp.Build(["--model", ModelPath, "--tp", "4", "--gpu", "2"]);

        var placement = GpuPlacement.From(Assert.Single(app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.Models));

        Assert.Equal((LlamaSplitMode.Layer, 2, true), (placement.SplitMode, placement.MainGpu, placement.Explicit));
        Assert.Equal([2, 3, 4, 5], placement.Gpus);
    }

    [Fact]
    public async Task Build_GpuListRowSplitAndShares_BindInOrder()
    {
        await using var app = SiloApp.Build([$"--Silo:Models:0:Path={ModelPath}", "--Silo:Models:0:Gpus:0=3", "--Silo:Models:0:Gpus:1=1",
            "--Silo:Models:0:SplitMode=row", "--Silo:Models:0:MainGpu=1", "--Silo:Models:0:TensorSplit:0=3", "--Silo:Models:0:TensorSplit:1=1.5"]);

        var placement = GpuPlacement.From(Assert.Single(app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.Models));

        Assert.Equal((LlamaSplitMode.Row, 1), (placement.SplitMode, placement.MainGpu));
        Assert.Equal([3, 1], placement.Gpus);
        Assert.Equal([3f, 1.5f], placement.TensorSplit);
        Assert.Equal([3, 1], placement.ToLoadOptions(-1).Gpus);
        Assert.Empty(placement.ToLoadOptions(0).Gpus);
    }

    [Fact]
    public void From_DefaultSettings_MainGpuZeroAloneAndNotExplicit()
    {
        var placement = GpuPlacement.From(new ModelHostOptions { Path = ModelPath });

        Assert.Equal((LlamaSplitMode.None, 0, 0, false), (placement.SplitMode, placement.MainGpu, placement.Gpus.Count, placement.Explicit));
        Assert.Equal([], placement.Occupied(-1, 0));
        Assert.Equal([0], placement.Occupied(-1, 8));
        Assert.Equal([], placement.CheckAgainst(0, "Silo:Models:0"));
    }

    [Fact]
    public void Occupied_LayerSplitWithoutList_EveryGpu()
    {
        var placement = GpuPlacement.From(new ModelHostOptions { Path = ModelPath, SplitMode = LlamaSplitMode.Layer });

        Assert.Equal([0, 1, 2], placement.Occupied(-1, 3));
        Assert.Equal([], placement.Occupied(0, 3));
    }

    [Fact]
    public async Task StartAsync_InconsistentGpuSettings_FailsNamingEachSetting()
    {
        await using var app = SiloApp.Build(["--urls=http://127.0.0.1:0", "--model", ModelPath, "--split-mode", "none",
            "--Silo:Models:0:Gpus:0=0", "--Silo:Models:0:Gpus:1=0", "--Silo:Models:0:Gpus:2=-2", "--tp", "2", "--gpu", "5",
            "--Silo:Models:0:TensorSplit:0=1", $"--Silo:Models:1:Path={ModelPath}", "--Silo:Models:1:ModelId=b",
            "--Silo:Models:1:SplitMode=Tensor", "--Silo:Models:1:TensorParallel=0"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(
        [
            "Silo:Models:0:Gpus holds -2; GPU indexes are 0 or more",
            "Silo:Models:0:Gpus names a GPU twice (0, 0, -2); list each GPU once",
            "Silo:Models:0:TensorParallel is 2 but Silo:Models:0:Gpus lists 3 GPUs; remove one or make them agree",
            "Silo:Models:0:MainGpu is 5, not one of Silo:Models:0:Gpus (0, 0, -2); set it to one of them",
            "Silo:Models:0:SplitMode is None but the model is given 3 GPUs; set it to Layer or Row to split the model over them",
            "Silo:Models:0:TensorSplit has 1 shares but the model is given 3 GPUs (Silo:Models:0:Gpus or --tp); give one share per GPU",
            "Silo:Models:1:SplitMode is Tensor; set it to None, Layer or Row",
            "Silo:Models:1:TensorParallel is 0; set it to 1 or more (--tp N)",
        ], error.Failures);
    }

    [Fact]
    public async Task StartAsync_MainGpuAbsentOnThisMachine_FailsNamingTheGpu()
    {
        await using var app = SiloApp.Build([.. SiloHost.ClusterSettings($"gpus-{Guid.NewGuid():N}", null).Settings, "--model", ModelPath, "--gpu", "1"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(
            ["Silo:Models:0:MainGpu is 1 but llama.cpp lists no GPU (a CPU build of llama.cpp, or CUDA_VISIBLE_DEVICES hides them); set it to a GPU that exists, or Silo:Models:0:GpuLayers to 0 to run on the CPU"],
            error.Failures);
    }

    [Fact]
    public async Task StartAsync_TpOverAbsentGpus_FailsNamingEach()
    {
        await using var app = SiloApp.Build([.. SiloHost.ClusterSettings($"gpus-{Guid.NewGuid():N}", null).Settings, "--model", ModelPath, "--tp", "2"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(
        [
            "Silo:Models:0: GPU 0 does not exist: llama.cpp lists no GPU (a CPU build of llama.cpp, or CUDA_VISIBLE_DEVICES hides them); set Silo:Models:0:Gpus (or --tp, Silo:Models:0:MainGpu) to GPUs that exist",
            "Silo:Models:0: GPU 1 does not exist: llama.cpp lists no GPU (a CPU build of llama.cpp, or CUDA_VISIBLE_DEVICES hides them); set Silo:Models:0:Gpus (or --tp, Silo:Models:0:MainGpu) to GPUs that exist",
        ], error.Failures);
    }

    [Fact]
    public async Task Build_ReplicasWithTp_EachReplicaSplitOverItsOwnGpusInOrder()
    {
        await using var app = SiloApp.Build(["--model", ModelPath, "--replicas", "2", "--tp", "2", "--gpu", "2", "--split-mode", "row"]);

        var replicas = ReplicaLayout.Expand(Assert.Single(app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.Models)).Select(GpuPlacement.From).ToList();

        Assert.Equal([[2, 3], [4, 5]], replicas.Select(replica => replica.Gpus));
        Assert.Equal([2, 4], replicas.Select(replica => replica.MainGpu));
        Assert.Equal([LlamaSplitMode.Row, LlamaSplitMode.Row], replicas.Select(replica => replica.SplitMode));
    }

    [Fact]
    public void Expand_DpOverGpuListOrOneGpuEachOrCpu_GroupsInOrder()
    {
        var listed = ReplicaLayout.Expand(new ModelHostOptions { Path = ModelPath, Replicas = 2, Gpus = [6, 7, 4, 5] }).Select(GpuPlacement.From).ToList();
        var oneEach = ReplicaLayout.Expand(new ModelHostOptions { Path = ModelPath, Replicas = 3, MainGpu = 1 }).Select(GpuPlacement.From).ToList();
        var cpu = ReplicaLayout.Expand(new ModelHostOptions { Path = ModelPath, Replicas = 2, GpuLayers = 0 });

        Assert.Equal([[6, 7], [4, 5]], listed.Select(replica => replica.Gpus));
        Assert.Equal([LlamaSplitMode.Layer, LlamaSplitMode.Layer], listed.Select(replica => replica.SplitMode));
        Assert.Equal([[1], [2], [3]], oneEach.Select(replica => replica.Gpus));
        Assert.Equal([LlamaSplitMode.None, LlamaSplitMode.None, LlamaSplitMode.None], oneEach.Select(replica => replica.SplitMode));
        Assert.Equal([0, 0], cpu.Select(replica => replica.Gpus.Count));
        Assert.Equal([1, 1], cpu.Select(replica => replica.Replicas));
    }

    [Fact]
    public async Task StartAsync_BadReplicaSettings_FailsNamingEachSetting()
    {
        await using var app = SiloApp.Build(["--urls=http://127.0.0.1:0", "--model", ModelPath, "--replicas", "2",
            "--Silo:Models:0:Gpus:0=0", "--Silo:Models:0:Gpus:1=1", "--Silo:Models:0:Gpus:2=2",
            $"--Silo:Models:1:Path={ModelPath}", "--Silo:Models:1:ModelId=b", "--Silo:Models:1:Replicas=0",
            $"--Silo:Models:2:Path={ModelPath}", "--Silo:Models:2:ModelId=c", "--Silo:Models:2:Replicas=2", "--Silo:Models:2:TensorParallel=3",
            "--Silo:Models:2:Gpus:0=0", "--Silo:Models:2:Gpus:1=1", "--Silo:Models:2:Gpus:2=2", "--Silo:Models:2:Gpus:3=3",
            $"--Silo:Models:3:Path={ModelPath}", "--Silo:Models:3:ModelId=d", "--Silo:Models:3:Replicas=2", "--Silo:Models:3:SplitMode=None",
            "--Silo:Models:3:Gpus:0=0", "--Silo:Models:3:Gpus:1=1", "--Silo:Models:3:Gpus:2=2", "--Silo:Models:3:Gpus:3=3"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(
        [
            "Silo:Models:0:Gpus lists 3 GPUs, which Silo:Models:0:Replicas (2) does not divide; give each replica as many GPUs",
            "Silo:Models:1:Replicas is 0; set it to 1 or more (--replicas N)",
            "Silo:Models:2:Gpus lists 4 GPUs but TensorParallel (3) × Replicas (2) is 6; make them agree",
            "Silo:Models:3:SplitMode is None but the model is given 2 GPUs per replica; set it to Layer or Row to split the model over them",
        ], error.Failures);
    }
}
