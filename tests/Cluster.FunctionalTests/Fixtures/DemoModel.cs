using System.Diagnostics;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>The generated tiny demo model (random weights, real tokenizer), written once per test run.</summary>
public static class DemoModel
{
    private static readonly Lazy<Task<string>> Created = new(() => CreateAsync(Id, seed: 42));
    private static readonly Lazy<Task<string>> OtherWeights = new(() => CreateAsync("demo-tiny-seed7", seed: 7));
    private static readonly Lazy<Task<string>> Adapter = new(() => CreateAsync("demo-tiny-lora-seed7", seed: 7, "--lora"));
    private static readonly Lazy<Task<string>> Embedding = new(() => CreateAsync(EmbeddingId, seed: 42, "--pooling", "mean"));
    private static readonly Lazy<Task<string>> Projector = new(CreateProjectorAsync);

    /// <summary>The model id the silos serve it under (the file name).</summary>
    public const string Id = "demo-tiny-seed42";

    /// <summary>The id of the demo embedding model (the tiny shape with mean pooling).</summary>
    public const string EmbeddingId = "demo-embed-mean";

    /// <summary>The GGUF file, created on first use.</summary>
    public static Task<string> PathAsync() => Created.Value;

    /// <summary>A model of the same shape and tokenizer from another seed: other weights, so another fingerprint.</summary>
    public static Task<string> OtherWeightsPathAsync() => OtherWeights.Value;

    /// <summary>A random LoRA adapter for the demo model (create-model --lora, seed 7).</summary>
    public static Task<string> AdapterPathAsync() => Adapter.Value;

    /// <summary>The demo embedding model's GGUF file (create-model --pooling mean), created on first use.</summary>
    public static Task<string> EmbeddingPathAsync() => Embedding.Value;

    /// <summary>A tiny vision projector (mmproj) for the demo model (64 tokens per image), created on first use.</summary>
    public static Task<string> ProjectorPathAsync() => Projector.Value;

    private static async Task<string> CreateProjectorAsync()
    {
        var path = System.IO.Path.Combine(RepoPaths.Root, ".artifacts", "models", "demo-tiny-mmproj-seed42.gguf");
        if (!File.Exists(path))
        {
            // create-model writes the text model too: it goes to a scratch file; the projector is moved into place whole.
            var scratch = await CreateAsync($"scratch-{Environment.ProcessId}", seed: 42, "--mmproj", path + ".partial");
            File.Delete(scratch);
            File.Move(path + ".partial", path, overwrite: true);
        }

        return path;
    }

    private static async Task<string> CreateAsync(string name, int seed, params string[] extra)
    {
        // Same seed, same bytes: one file under the repository's ignored .artifacts serves every run.
        var path = System.IO.Path.Combine(RepoPaths.Root, ".artifacts", "models", name + ".gguf");
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var partial = path + "." + Environment.ProcessId + ".partial";
        string[] arguments = [RepoPaths.SiloDll, "create-model", "--preset", "tiny", "--type", "F16", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", partial, .. extra];
        using var process = Process.Start(new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"create-model failed: {await output}{await error}");
        }

        File.Move(partial, path, overwrite: true);
        return path;
    }
}
