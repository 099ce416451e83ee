using System.CommandLine;

namespace Cluster.Silo.Cli;

/// <summary>The serve verb's help; the silo itself reads these switches through configuration (see SiloConfigurationExtensions).</summary>
internal static class ServeCommand
{
    public static Command Create() => new("serve",
        "Run the silo (the default). Any setting can be given as --Section:Key=value, e.g. --Silo:Models:1:Path=FILE, --Silo:MaxRequestBodyBytes=N, "
        + "--urls=http://0.0.0.0:8080; or as CLUSTER_Silo__Models__0__Path / Silo__… environment variables, or in appsettings.json.")
    {
        new Option<FileInfo>("--model") { Description = "GGUF file of the first model (Silo:Models:0:Path)" },
        new Option<FileInfo>("--mmproj") { Description = "vision projector GGUF of the first model, so it reads images (Silo:Models:0:Projector)" },
        new Option<int>("--parallel") { Description = "sequences decoded together (Silo:Models:0:Scheduler:Sequences, default 4)" },
        new Option<int>("--ctx") { Description = "tokens one request may use (Silo:Models:0:Scheduler:ContextPerSequence, default 4096)" },
        new Option<int>("--gpu") { Description = "GPU index (Silo:Models:0:MainGpu, default 0)" },
        new Option<int>("--tp") { Description = "split the first model over N GPUs from --gpu (Silo:Models:0:TensorParallel; Layer split unless --split-mode row)" },
        new Option<int>("--replicas", "--dp") { Description = "serve the first model as N replicas, each on its own GPU(s) (Silo:Models:0:Replicas, default 1)" },
        new Option<string>("--split-mode") { Description = "none, layer or row (Silo:Models:0:SplitMode)" },
        new Option<int>("--port") { Description = "HTTP port on all interfaces (http_ports); --urls overrides it" },
    };
}
