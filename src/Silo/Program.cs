using System.CommandLine;
using Cluster.Silo.Cli;

var root = new RootCommand("Cluster silo: a GPU worker that serves models through llama.cpp.")
{
    CreateModelCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
