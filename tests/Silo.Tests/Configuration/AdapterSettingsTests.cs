using Cluster.Grains.Models;
using Cluster.Silo.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Tests.Configuration;

[Collection(ConfigurationCollection.Name)]
public sealed class AdapterSettingsTests : IDisposable
{
    private readonly PlaceholderModel _placeholder = new("cluster-silo-adapters-");

    private string ModelPath => _placeholder.FilePath;

    public void Dispose() => _placeholder.Dispose();

    [Fact]
    public async Task StartAsync_WrongAdapterSettings_FailsNamingEachSetting()
    {
        var missing = Path.Combine(Path.GetDirectoryName(ModelPath)!, "missing.gguf");
        await using var app = SiloApp.Build(["--urls=http://127.0.0.1:0", "--model", ModelPath,
            "--Silo:Models:0:Adapters:0:Name=a b", $"--Silo:Models:0:Adapters:0:Path={missing}", "--Silo:Models:0:Adapters:0:Scale=0",
            "--Silo:Models:0:Adapters:1:Name=c", $"--Silo:Models:0:Adapters:1:Path={ModelPath}", "--Silo:Models:0:Adapters:1:Aliases:0=any",
            "--Silo:Models:0:Adapters:2:Name=c", $"--Silo:Models:0:Adapters:2:Path={ModelPath}"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(
        [
            "Silo:Models:0:Adapters:0:Name is 'a b'; use letters, digits, '-', '_' and '.' (requests name it as 'model:a b')",
            $"Silo:Models:0:Adapters:0:Path '{missing}' does not exist; set it to a GGUF LoRA adapter file",
            "Silo:Models:0:Adapters:0:Scale is 0; set it above 0 (1 applies the adapter as trained)",
            "Silo:Models:0:Adapters:1:Aliases: 'any' already names Silo:Models:0; choose another name",
            "Silo:Models:0:Adapters:2:Name: 'any:c' already names Silo:Models:0:Adapters:1; choose another name",
        ], error.Failures);
    }

    [Fact]
    public async Task LoadAsync_ModelFileGivenAsAdapter_ModelFailsNamingTheFile()
    {
        var folder = Directory.CreateTempSubdirectory("cluster-silo-bad-lora-").FullName;
        try
        {
            var model = await TinyModelFile.WriteAsync(folder);
            await using var silo = await SiloHost.StartAsync($"--Silo:Models:0:Path={model}", "--Silo:Models:0:Adapters:0:Name=a", $"--Silo:Models:0:Adapters:0:Path={model}");

            var host = silo.App.Services.GetRequiredService<HostedModels>().Find("tiny")!.Host;

            Assert.Equal(ModelStatus.Failed, host.Status);
            Assert.Equal($"cannot load LoRA adapter '{model}': not a LoRA adapter (general.type is 'model', adapter.type is 'none'; a LoRA adapter has 'adapter' and 'lora')",
                host.FailureReason);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
