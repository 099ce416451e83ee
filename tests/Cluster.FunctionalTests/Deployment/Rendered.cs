using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Cluster.FunctionalTests.Deployment;

/// <summary>What the real tools render from the repository's deployment files (kubectl kustomize, docker-compose config), as JSON nodes.</summary>
public static class Rendered
{
    /// <summary>The documents of <c>kubectl kustomize deploy/k8s/<paramref name="path"/></c>.</summary>
    public static async Task<IReadOnlyList<JsonObject>> KustomizeAsync(string path) =>
        Parse(await RunAsync("kubectl", ["kustomize", Path.Combine(Fixtures.RepoPaths.Root, "deploy", "k8s", path)]));

    /// <summary>The services of <c>docker-compose --env-file <paramref name="envFile"/> config</c> on the root docker-compose.yml, by name.</summary>
    public static async Task<JsonObject> ComposeServicesAsync(string envFile)
    {
        var compose = Path.Combine(Fixtures.RepoPaths.Root, "docker-compose.yml");
        var rendered = Parse(await RunAsync("docker-compose", ["--project-directory", Fixtures.RepoPaths.Root, "-f", compose, "--env-file", envFile, "config"]));
        return rendered.Single()["services"]!.AsObject();
    }

    /// <summary>The Kubernetes object of this kind and name.</summary>
    public static JsonObject Find(this IReadOnlyList<JsonObject> documents, string kind, string name) =>
        documents.SingleOrDefault(d => (string?)d["kind"] == kind && (string?)d["metadata"]!["name"] == name)
        ?? throw new Xunit.Sdk.XunitException($"no {kind} {name} rendered");

    /// <summary>The string value of a YAML scalar (YAML renders every scalar as a string here).</summary>
    public static string Text(this JsonNode? node) => node?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException("missing value");

    private static async Task<string> RunAsync(string tool, IEnumerable<string> arguments)
    {
        var process = Fixtures.Tools.Start(tool, arguments, tool);
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {await errors}");
            return await output;
        }
    }

    private static List<JsonObject> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(document => ToJson(document.RootNode)).OfType<JsonObject>()];
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(child => KeyValuePair.Create(((YamlScalarNode)child.Key).Value!, ToJson(child.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode { Value: null or "" } when ((YamlScalarNode)node).Style == YamlDotNet.Core.ScalarStyle.Plain => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };
}
