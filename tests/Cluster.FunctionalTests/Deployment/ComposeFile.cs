using System.Text.Json.Nodes;

namespace Cluster.FunctionalTests.Deployment;

/// <summary>The root docker-compose.yml rendered for one host's env file: its services and which of them the host's COMPOSE_PROFILES start.</summary>
public sealed class ComposeFile
{
    private ComposeFile(JsonObject services, IReadOnlyDictionary<string, string> variables)
    {
        Services = services;
        Variables = variables;
    }

    /// <summary>Every service, rendered.</summary>
    public JsonObject Services { get; }

    /// <summary>The env file's variables.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>The services `docker compose up` starts with the env file's COMPOSE_PROFILES (a service without profiles always starts).</summary>
    public IReadOnlyList<string> Started =>
        [.. Services.Where(service => service.Value!["profiles"] is not JsonArray profiles || profiles.Any(p => Profiles.Contains(p.Text()))).Select(service => service.Key).Order(StringComparer.Ordinal)];

    private HashSet<string> Profiles => [.. Variables.GetValueOrDefault("COMPOSE_PROFILES", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Renders docker-compose.yml with <paramref name="envFile"/> through the real <c>docker-compose config</c>.</summary>
    public static async Task<ComposeFile> RenderAsync(string envFile)
    {
        var variables = File.ReadLines(envFile)
            .Where(line => line.Contains('=', StringComparison.Ordinal) && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        return new ComposeFile(await Rendered.ComposeServicesAsync(envFile), variables);
    }

    /// <summary>The example env file of a host kind ("first-host", "other-host").</summary>
    public static string Example(string host) => Path.Combine(Fixtures.RepoPaths.Root, "deploy", "compose", $"{host}.env.example");

    /// <summary>A service's environment.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service) =>
        Services[service]!["environment"]!.AsObject().ToDictionary(variable => variable.Key, variable => variable.Value.Text(), StringComparer.Ordinal);
}
