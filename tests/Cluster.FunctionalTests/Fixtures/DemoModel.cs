using System.Diagnostics;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>The generated tiny demo model (random weights, real tokenizer), written once per test run.</summary>
public static class DemoModel
{
    private static readonly Lazy<Task<string>> Created = new(CreateAsync);

    /// <summary>The model id the silos serve it under (the file name).</summary>
    public const string Id = "demo-tiny-seed42";

    /// <summary>The GGUF file, created on first use.</summary>
    public static Task<string> PathAsync() => Created.Value;

    private static async Task<string> CreateAsync()
    {
        // Same seed, same bytes: one file under the repository's ignored .artifacts serves every run.
        var path = System.IO.Path.Combine(RepoPaths.Root, ".artifacts", "models", Id + ".gguf");
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var partial = path + "." + Environment.ProcessId + ".partial";
        using var process = Process.Start(new ProcessStartInfo("dotnet", [RepoPaths.SiloDll, "create-model", "--preset", "tiny", "--type", "F16", "--seed", "42", "-o", partial])
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
