using System.Diagnostics;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>Starts the machine's tools (redis-server, kubectl, docker-compose) with redirected output.</summary>
public static class Tools
{
    /// <summary>Starts <paramref name="tool"/> with <paramref name="arguments"/>; says which package to install when it is missing.</summary>
    public static Process Start(string tool, IEnumerable<string> arguments, string package)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException($"{tool} is not installed: apt-get install {package} (scripts/test.sh does).", error);
        }
    }
}
