namespace Cluster.FunctionalTests.Fixtures;

/// <summary>Where the repository and the built programs are, found from the test assembly's folder.</summary>
public static class RepoPaths
{
    /// <summary>The repository root (the folder holding Cluster.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The silo program built in the same configuration as the tests.</summary>
    public static string SiloDll { get; } = Path.Combine(Root, "src", "Silo", "bin", Configuration, "net10.0", "cluster-silo.dll");

    /// <summary>The gateway program built in the same configuration as the tests.</summary>
    public static string GatewayDll { get; } = Path.Combine(Root, "src", "Gateway", "bin", Configuration, "net10.0", "cluster-gateway.dll");

    private static string Configuration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cluster.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Cluster.sln not found above {AppContext.BaseDirectory}.");
    }
}
