namespace Cluster.Silo.Tests.Fixtures;

/// <summary>A temporary folder holding a file named like a model: enough for configuration validation, which only checks that the file exists.</summary>
public sealed class PlaceholderModel : IDisposable
{
    private readonly string _folder;

    public PlaceholderModel(string folderPrefix)
    {
        _folder = Directory.CreateTempSubdirectory(folderPrefix).FullName;
        FilePath = Path.Combine(_folder, "any.gguf");
        File.WriteAllText(FilePath, "validation only checks that the file exists");
    }

    public string FilePath { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
