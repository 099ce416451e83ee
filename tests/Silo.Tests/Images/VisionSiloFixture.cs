using Cluster.Inference.ModelCreation;
using Cluster.Inference.Models;
using Cluster.Inference.Multimodal;
using Cluster.Inference.Text;
using Cluster.Silo.Tests.Fixtures;

namespace Cluster.Silo.Tests.Images;

/// <summary>
/// One silo serving the tiny model twice: "vlm" with the tiny projector, "text" without one; default body and image
/// limits (32 MiB, 20 MiB), a 3 s fetch timeout, only "localhost" allowed among private hosts, and sessions that keep up to
/// 1 MiB of image files for rebuilding. Also a local image
/// server and a reference copy of the model and projector for expected token counts.
/// </summary>
public sealed class VisionSiloFixture : IAsyncLifetime
{
    public const string VisionModel = "vlm";
    public const string TextModel = "text";
    public const int StoredImageBytes = 1024 * 1024;

    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-vision-silo-").FullName;

    public SiloHost Silo { get; private set; } = null!;

    public ImageServer Images { get; private set; } = null!;

    public LlamaModel Reference { get; private set; } = null!;

    public VisionProjector ReferenceProjector { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var model = await TinyModelFile.WriteAsync(_folder);
        var projector = Path.Combine(_folder, "tiny-mmproj.gguf");
        await new RandomProjectorWriter().WriteAsync(new ProjectorCreationRequest(ProjectorPreset.Tiny, ModelPreset.Tiny.EmbeddingLength, 42, projector), null, CancellationToken.None);
        Images = await ImageServer.StartAsync();
        Silo = await SiloHost.StartAsync(
            $"--Silo:Models:0:Path={model}", $"--Silo:Models:0:Projector={projector}", $"--Silo:Models:0:ModelId={VisionModel}",
            "--Silo:Models:0:Scheduler:Sequences=2", "--Silo:Models:0:Scheduler:ContextPerSequence=1024",
            $"--Silo:Models:1:Path={model}", $"--Silo:Models:1:ModelId={TextModel}", "--Silo:Models:1:Scheduler:Sequences=1",
            "--Silo:Images:FetchTimeout=00:00:03", "--Silo:Images:AllowedHosts:0=localhost",
            $"--Silo:Sessions:MaxStoredImageBytes={StoredImageBytes}");
        Reference = LlamaModel.Load(model);
        ReferenceProjector = VisionProjector.Load(Reference, projector);
    }

    /// <summary>The prompt token count the silo must report for a one-message chat whose text holds image markers.</summary>
    public int PromptTokens(string userText, params byte[][] images) =>
        ReferenceProjector.Tokenize(Reference.ChatTemplate!.Apply([new ChatMessage("user", userText)], addAssistant: true),
            [.. images.Select(image => (ReadOnlyMemory<byte>)image)], addSpecial: true, parseSpecial: true).Tokens.Count;

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Images.DisposeAsync();
        ReferenceProjector.Dispose();
        Reference.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>Tests that share the vision silo.</summary>
[CollectionDefinition(Name)]
public sealed class VisionSiloCollection : ICollectionFixture<VisionSiloFixture>
{
    public const string Name = "vision silo";
}
