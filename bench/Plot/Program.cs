using System.CommandLine;
using Cluster.Bench.Plot;

var input = new Option<FileInfo>("--input") { Description = "tab-separated rows: setting, server, streams, output tok/s", Required = true };
var output = new Option<FileInfo>("--output") { Description = "PNG to write", Required = true };
var title = new Option<string>("--title") { Description = "figure title", DefaultValueFactory = _ => "Output tok/s by sampling setting" };
var root = new RootCommand("Plots a sampling matrix (bench/gpu/sampling-matrix.sh): one panel per setting, output tok/s against streams, one line per server.")
{
    input, output, title,
};
root.SetAction(result => SamplingMatrixPlot.Write(result.GetValue(input)!, result.GetValue(output)!, result.GetValue(title)!));
return await root.Parse(args).InvokeAsync();
