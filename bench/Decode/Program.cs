using System.CommandLine;
using Cluster.Bench.Decode;

var model = new Option<FileInfo>("--model") { Description = "GGUF model to load", Required = true };
var libraries = new Option<DirectoryInfo?>("--llama-dir") { Description = "folder of llama.cpp's libraries (default: CLUSTER_LLAMA_LIB_DIR or ./llama)" };
var tokens = new Option<int>("--tokens") { Description = "tokens generated per repetition", DefaultValueFactory = _ => 128 };
var repetitions = new Option<int>("--repetitions") { Description = "timed repetitions (median reported)", DefaultValueFactory = _ => 5 };
var threads = new Option<int?>("--threads") { Description = "CPU threads for llama.cpp (default: sized from the available cores)" };
var root = new RootCommand("Single-sequence decode throughput through Cluster's llama.cpp binding (compare with llama-bench tg).")
{
    model, libraries, tokens, repetitions, threads,
};
root.SetAction((result, cancellationToken) => DecodeBenchmark.RunAsync(
    result.GetValue(model)!, result.GetValue(libraries), result.GetValue(tokens), result.GetValue(repetitions), result.GetValue(threads), cancellationToken));

var rows = new Option<int>("--rows") { Description = "logits rows (sequences) sampled per pass", DefaultValueFactory = _ => 64 };
var sampling = new Command("sampling", "Host sampling cost per logits row and setting on flat and peaked rows: llama.cpp's sampler chain against the host sampler.")
{
    model, libraries, rows, repetitions,
};
sampling.SetAction((result, cancellationToken) => Task.FromResult(SamplingBenchmark.Run(
    result.GetValue(model)!, result.GetValue(libraries), result.GetValue(rows), result.GetValue(repetitions), cancellationToken)));
root.Subcommands.Add(sampling);

var rowCounts = new Option<int[]>("--rows") { Description = "rows (sequences) per step, one column each", DefaultValueFactory = _ => [1, 16, 64, 128], AllowMultipleArgumentsPerToken = true };
var samplingThreads = new Option<int>("--sampling-threads") { Description = "sampling threads (default: one per core, as the scheduler)", DefaultValueFactory = _ => Environment.ProcessorCount };
var threaded = new Command("sampling-threads", "Host sampling cost per step and setting for several row counts: one thread against the scheduler's sampling threads.")
{
    model, libraries, rowCounts, samplingThreads, repetitions,
};
threaded.SetAction((result, cancellationToken) => Task.FromResult(SamplingThreadsBenchmark.Run(
    result.GetValue(model)!, result.GetValue(libraries), result.GetValue(rowCounts)!, result.GetValue(samplingThreads), result.GetValue(repetitions), cancellationToken)));
root.Subcommands.Add(threaded);
var profile = new Command("sampling-profile", "Where a host-sampled row's time goes (each pass of a top_p draw on one thread) and what handing a job to the sampling threads costs; no model needed.")
{
    samplingThreads, repetitions,
};
profile.SetAction((result, cancellationToken) => Task.FromResult(SamplingProfileBenchmark.Run(
    result.GetValue(samplingThreads), result.GetValue(repetitions), cancellationToken)));
root.Subcommands.Add(profile);

var steps = new Command("sampling-steps", "Host sampling cost per scheduler step, per setting, shape and row count, on the sampling threads as the scheduler runs them; no model needed.")
{
    rowCounts, samplingThreads, repetitions,
};
steps.SetAction((result, cancellationToken) => Task.FromResult(SamplingStepBenchmark.Run(
    result.GetValue(rowCounts)!, result.GetValue(samplingThreads), result.GetValue(repetitions), cancellationToken)));
root.Subcommands.Add(steps);
return await root.Parse(args).InvokeAsync();
