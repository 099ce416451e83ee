using Cluster.Silo;
using Cluster.Silo.Cli;

// `cluster-silo [serve] [settings]` runs the silo; `cluster-silo create-model …` and --help go to the command line.
return SiloCommandLine.RunsSilo(args, out var settings)
    ? await SiloApp.RunAsync(settings)
    : await SiloCommandLine.InvokeAsync(args);
