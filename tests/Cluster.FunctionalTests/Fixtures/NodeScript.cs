using System.Diagnostics;
using System.Text.Json;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>Runs a script of node-e2e with the pinned openai npm package against a gateway; returns the JSON it prints.</summary>
public static class NodeScript
{
    public static async Task<JsonElement> RunAsync(Uri gateway, string script, string model)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var work = Directory.CreateTempSubdirectory("cluster-node-").FullName;
        try
        {
            foreach (var file in (string[])["package.json", "package-lock.json", script])
            {
                File.Copy(Path.Combine(RepoPaths.Root, "tests", "Cluster.FunctionalTests", "node-e2e", file), Path.Combine(work, file));
            }

            await RunProcessAsync("npm", work, "ci", "--no-audit", "--no-fund", "--loglevel=error");
            var output = await RunProcessAsync("node", work, script, gateway.ToString().TrimEnd('/'), model);
            return JsonDocument.Parse(output).RootElement.Clone();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<string> RunProcessAsync(string file, string directory, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
        return (await output).Trim();
    }
}
