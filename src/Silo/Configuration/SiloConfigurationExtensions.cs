using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Cluster.Silo.Configuration;

/// <summary>Adds the silo's configuration sources: CLUSTER_-prefixed environment variables and the short command-line switches.</summary>
internal static class SiloConfigurationExtensions
{
    /// <summary>Short switches and the configuration keys they set.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--model"] = "Silo:Models:0:Path",
        ["--mmproj"] = "Silo:Models:0:Projector",
        ["--parallel"] = "Silo:Models:0:Scheduler:Sequences",
        ["--ctx"] = "Silo:Models:0:Scheduler:ContextPerSequence",
        ["--gpu"] = "Silo:Models:0:MainGpu",
        ["--tp"] = "Silo:Models:0:TensorParallel",
        ["--split-mode"] = "Silo:Models:0:SplitMode",
        ["--replicas"] = "Silo:Models:0:Replicas",
        ["--dp"] = "Silo:Models:0:Replicas",
        ["--port"] = "http_ports",
    };

    /// <summary>
    /// Puts CLUSTER_ environment variables (CLUSTER_Silo__Models__0__Path) above the default sources and below the
    /// command line, and replaces the default command-line source with one that knows the short switches.
    /// </summary>
    public static IConfigurationBuilder AddSiloConfiguration(this IConfigurationBuilder configuration, string[] args)
    {
        var sources = configuration.Sources;
        var commandLine = sources.Count;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is CommandLineConfigurationSource)
            {
                commandLine = i;
                sources.RemoveAt(i);
                break;
            }
        }

        sources.Insert(commandLine, new EnvironmentVariablesConfigurationSource { Prefix = "CLUSTER_" });
        sources.Insert(commandLine + 1, new CommandLineConfigurationSource
        {
            Args = args,
            SwitchMappings = SwitchMappings.ToDictionary(StringComparer.OrdinalIgnoreCase),
        });
        return configuration;
    }
}
