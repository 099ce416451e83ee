using System.Reflection;
using System.Runtime.InteropServices;

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
        return property is not null && Walk(Underlying(property.PropertyType), rest[1..]);
    }

    // Types of another load context: compared by name, not by identity.
    private static Type Underlying(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? type.GetGenericArguments()[0] : type;

    private static Type? ElementType(Type type) =>
        type.FullName == "System.String" || !(type.IsArray || type.GetInterfaces().Any(i => i.FullName == "System.Collections.IEnumerable")) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetGenericArguments().LastOrDefault();

    private static Dictionary<string, Type> FindSections()
    {
        // The built programs, read in a metadata-only context: loading them into the test process would make its Orleans clients
        // find the silo's grains and look for the silo's dependencies.
        var silo = Path.GetDirectoryName(Fixtures.RepoPaths.SiloDll)!;
        var gateway = Path.GetDirectoryName(Fixtures.RepoPaths.GatewayDll)!;
        string[] frameworks = [RuntimeEnvironment.GetRuntimeDirectory(), Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Http.HttpContext).Assembly.Location)!];
        var paths = new[] { silo, gateway }.Concat(frameworks).SelectMany(folder => Directory.GetFiles(folder, "*.dll"))
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase);
        var context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        Assembly[] assemblies = [.. new[] { Fixtures.RepoPaths.SiloDll, Path.Combine(silo, "Cluster.Grains.dll"), Path.Combine(silo, "Cluster.Grains.Abstractions.dll"), Fixtures.RepoPaths.GatewayDll }
            .Select(context.LoadFromAssemblyPath)];
        var types = assemblies.SelectMany(assembly => assembly.GetTypes()).ToList();
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in types.Where(type => type.Name.EndsWith("Options", StringComparison.Ordinal)))
        {
            if ((type.GetField("Section", BindingFlags.Public | BindingFlags.Static) ?? type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)) is { IsLiteral: true } field)
            {
                sections[(string)field.GetRawConstantValue()!] = type;
            }
        }

        // Session settings name their section on their validator.
        sections["Silo:Sessions"] = types.Single(type => type.FullName == "Cluster.Grains.Sessions.SessionOptions");
        return sections;
    }
}
