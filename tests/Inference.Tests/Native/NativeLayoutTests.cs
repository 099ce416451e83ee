using Cluster.Inference.Native;
using Cluster.Inference.Tests.Fixtures;

namespace Cluster.Inference.Tests.Native;

/// <summary>The struct mirrors must match llama.h byte for byte: llama.cpp's defaults read back through them prove the layout.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class NativeLayoutTests
{
    [Fact]
    public unsafe void ContextDefaultParams_ReadThroughMirror_MatchLlamaCppDefaults()
    {
        var defaults = LlamaNative.llama_context_default_params();

        Assert.Equal(160, sizeof(LlamaContextParams));
        Assert.Equal(512u, defaults.ContextSize);
        Assert.Equal(2048u, defaults.BatchSize);
        Assert.Equal(512u, defaults.MicroBatchSize);
        Assert.Equal(1u, defaults.MaxSequences);
        Assert.Equal(1u, defaults.MaxOutputsPerSequence);
        Assert.Equal(LlamaFlashAttention.Auto, defaults.FlashAttention);
        Assert.Equal(-1f, defaults.YarnExtFactor);
        Assert.Equal(-1f, defaults.DefragThreshold);
        Assert.Equal(GgmlType.F16, defaults.TypeK);
        Assert.Equal(GgmlType.F16, defaults.TypeV);
        Assert.False(defaults.Embeddings);
        Assert.True(defaults.OffloadKqv);
        Assert.True(defaults.NoPerf);
        Assert.True(defaults.OpOffload);
        Assert.True(defaults.SwaFull);
        Assert.False(defaults.KvUnified);
        Assert.True(defaults.Samplers is null);
        Assert.Equal(0u, defaults.SamplerCount);
        Assert.Equal(0, defaults.OtherContext);
    }

    [Fact]
    public unsafe void MtmdContextDefaultParams_ReadThroughMirror_MatchLibmtmdDefaults()
    {
        var defaults = LlamaNative.mtmd_context_params_default();

        Assert.Equal(96, sizeof(MtmdContextParams));
        Assert.Equal(1, defaults.UseGpu);
        Assert.Equal(0, defaults.Device);
        Assert.Equal(1, defaults.PrintTimings);
        Assert.Equal(4, defaults.ThreadCount);
        Assert.Equal((nint)LlamaNative.mtmd_default_marker(), defaults.MediaMarker);
        Assert.Equal(-1, defaults.FlashAttentionType);
        Assert.Equal(1, defaults.Warmup);
        Assert.Equal(-1, defaults.ImageMinTokens);
        Assert.Equal(-1, defaults.ImageMaxTokens);
        Assert.Equal(1024, defaults.BatchMaxTokens);
        Assert.Equal(0, defaults.ProgressCallback);
        Assert.Equal(24, sizeof(MtmdHelperInitOptions));
    }

    [Fact]
    public unsafe void ModelDefaultParams_ReadThroughMirror_MatchLlamaCppDefaults()
    {
        var defaults = LlamaNative.llama_model_default_params();

        Assert.Equal(-1, defaults.GpuLayerCount);
        Assert.Equal(LlamaSplitMode.Layer, defaults.SplitMode);
        Assert.Equal(LlamaLoadMode.Auto, defaults.LoadMode);
        Assert.Equal(LlamaLazyMode.Auto, defaults.LazyMode);
        Assert.Equal(0, defaults.MainGpu);
        Assert.False(defaults.VocabOnly);
        Assert.False(defaults.CheckTensors);
        Assert.True(defaults.UseExtraBufferTypes);
        Assert.False(defaults.NoHost);
        Assert.False(defaults.NoAlloc);
        Assert.False(defaults.LoadMtp);
    }

    [Fact]
    public void Initialize_FolderWithoutLibraries_SaysWhatIsMissingAndHowToGetIt()
    {
        var folder = Directory.CreateTempSubdirectory("cluster-empty-").FullName;
        try
        {
            var error = Assert.Throws<LlamaLibraryNotFoundException>(() => LlamaLibrary.Initialize(folder, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));

            Assert.Equal(folder, error.Folder);
            Assert.Contains($"'{folder}'", error.Message, StringComparison.Ordinal);
            Assert.Contains("libggml-base.so", error.Message, StringComparison.Ordinal);
            Assert.Contains("bash scripts/fetch-llama.sh cpu", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Fact]
    public void Devices_CpuBuild_ListsTheCpu()
    {
        var devices = LlamaDevices.List();

        Assert.Contains(devices, device => device.Type == GgmlDeviceType.Cpu && device.Name == "CPU");
    }
}
