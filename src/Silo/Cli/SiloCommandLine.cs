using System.CommandLine;

namespace Cluster.Silo.Cli;

/// <summary>Splits the command line: verbs and help go to System.CommandLine; "serve" or bare settings run the silo.</summary>
internal static class SiloCommandLine
{
    private static readonly string[] HelpTokens = ["-h", "--help", "-?", "/?", "--version"];

    /// <summary>Whether the arguments run the silo, and the settings to give it.</summary>
    public static bool RunsSilo(string[] args, out string[] settings)
    {
        settings = args switch
        {
            [] => [],
            ["serve", .. var rest] => rest,
            [var first, ..] when first.StartsWith("--", StringComparison.Ordinal) => args,
            _ => null!,
        };
        return settings is not null && !settings.Any(token => HelpTokens.Contains(token, StringComparer.Ordinal));
    }

    /// <summary>Runs a verb (create-model) or prints help.</summary>
    public static Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("Cluster silo: a GPU worker that serves models through llama.cpp with the OpenAI API.")
        {
            ServeCommand.Create(),
            CreateModelCommand.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
