using System.Net;
using System.Text.RegularExpressions;
using Cluster.Grains.Models;
using Cluster.Grains.Silos;
using Cluster.Silo.Tests.Fixtures;

namespace Cluster.Silo.Tests.Models;

public sealed class FailedModelReloadTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-silo-reload-").FullName;
    private string _complete = null!;
    private string _served = null!;
    private int _halfLength;
    private SiloHost _silo = null!;

    // The served file starts as the first half of a model, as while it is still being copied.
    public async Task InitializeAsync()
    {
        _complete = await TinyModelFile.WriteAsync(_folder);
        _served = Path.Combine(_folder, "later.gguf");
        var bytes = await File.ReadAllBytesAsync(_complete);
        _halfLength = bytes.Length / 2;
        await File.WriteAllBytesAsync(_served, bytes[.._halfLength]);
        _silo = await SiloHost.StartAsync($"--Silo:Models:0:Path={_served}", "--Silo:FailedModelRetry=00:00:00.2");
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task LoadFails_FileCompletedLater_LoadedOnARetryAndServes()
    {
        var siloGrain = _silo.Grains.GetGrain<ISiloGrain>(_silo.SiloKey);
        var failed = await ModelStatusPoll.WaitForAsync(siloGrain, ModelStatus.Failed);
        using var refused = await _silo.Http.PostAsync("/v1/chat/completions", """{"model":"later","messages":[{"role":"user","content":"Hi"}],"max_tokens":2}""");

        File.Copy(_complete, _served, overwrite: true);
        var ready = await ModelStatusPoll.WaitForAsync(siloGrain, ModelStatus.Ready);
        using var answer = await _silo.Http.PostAsync("/v1/chat/completions", """{"model":"later","messages":[{"role":"user","content":"Hi"}],"max_tokens":2}""");

        var path = Regex.Escape(_served);
        Assert.Matches(
            $"^cannot load model '{path}': GGUF file '{path}': tensor '[^']+' has data offset [0-9]+, beyond the end of the file \\({_halfLength} bytes\\)\\.$",
            failed.Models[0].FailureReason);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.True(ready.Healthy);
        Assert.Null(ready.Models[0].FailureReason);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }
}
