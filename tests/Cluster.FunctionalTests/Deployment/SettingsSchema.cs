using System.Collections;
using System.Reflection;

namespace Cluster.FunctionalTests.Deployment;

/// <summary>
/// The configuration keys the programs really bind: every options type of the silo and the gateway that names its section
/// (a <c>Section</c> or <c>SectionName</c> constant), walked property by property. A deployment setting that names no such key
/// (a setting renamed in code but not in the deployment files, or a typo) is reported.
/// </summary>
public static class SettingsSchema
{
    // Environment variables the deployments set that are no configuration keys of ours: ASP.NET's and .NET's own, what Orleans'
    // Kubernetes hosting reads from the pod, what Redis and the NVIDIA runtime read.
    private static readonly HashSet<string> Foreign = new(StringComparer.Ordinal)
    {
        "ASPNETCORE_HTTP_PORTS", "DOTNET_EnableDiagnostics", "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_CLUSTER_ID", "ORLEANS_SERVICE_ID",
        "REDIS_PASSWORD", "REDISCLI_AUTH", "NVIDIA_DRIVER_CAPABILITIES", "NVIDIA_VISIBLE_DEVICES", "CLUSTER_LLAMA_LIB_DIR", "DOTNET_ROOT", "PATH",
    };

    private static readonly Lazy<Dictionary<string, Type>> Sections = new(FindSections);

    /// <summary>Why <paramref name="variable"/> (an environment variable such as Cluster__Redis) binds to nothing, or null when it binds.</summary>
    public static string? Problem(string variable)
    {
        if (Foreign.Contains(variable))
        {
            return null;
        }

        var path = variable.Split("__");
        for (var length = path.Length - 1; length >= 1; length--)
        {
            if (Sections.Value.TryGetValue(string.Join(':', path[..length]), out var type))
            {
                return Walk(type, path[length..]) ? null : $"{variable}: no setting {string.Join(':', path)} on {type.Name}";
            }
        }

        return $"{variable}: no options section binds {string.Join(':', path)}";
    }

    private static bool Walk(Type type, string[] rest)
    {
        if (rest.Length == 0)
        {
            return true;
        }

        if (ElementType(type) is { } element)
        {
            return int.TryParse(rest[0], out _) && Walk(element, rest[1..]);
        }

        var property = type.GetProperty(rest[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is not null && Walk(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, rest[1..]);
    }

    private static Type? ElementType(Type type) =>
        type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetGenericArguments().LastOrDefault();

    private static Dictionary<string, Type> FindSections()
    {
        // The gateway is referenced; the silo is loaded from its build output (the test project builds it first).
        var silo = Assembly.LoadFrom(Fixtures.RepoPaths.SiloDll);
        var grains = Assembly.LoadFrom(Path.Combine(Path.GetDirectoryName(Fixtures.RepoPaths.SiloDll)!, "Cluster.Grains.dll"));
        Assembly[] assemblies = [typeof(Cluster.Gateway.Auth.AuthOptions).Assembly, typeof(Cluster.Grains.Hosting.ClusterConnectionOptions).Assembly, silo, grains];
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in assemblies.SelectMany(assembly => assembly.GetTypes()).Where(type => type.Name.EndsWith("Options", StringComparison.Ordinal)))
        {
            if ((type.GetField("Section", BindingFlags.Public | BindingFlags.Static) ?? type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)) is { IsLiteral: true } field)
            {
                sections[(string)field.GetRawConstantValue()!] = type;
            }
        }

        // Session settings name their section on their validator.
        sections["Silo:Sessions"] = assemblies.SelectMany(assembly => assembly.GetTypes()).Single(type => type.FullName == "Cluster.Grains.Sessions.SessionOptions");
        return sections;
    }
}
