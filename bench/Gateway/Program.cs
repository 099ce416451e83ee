using System.CommandLine;
using Cluster.Bench.Gateway;

var silo = new Option<string>("--silo") { Description = "the silo's base URL (called directly)", Required = true };
var gateway = new Option<string>("--gateway") { Description = "the gateway's base URL (forwarding to that silo)", Required = true };
var model = new Option<string>("--model") { Description = "model id", Required = true };
var secret = new Option<string>("--secret") { Description = "the cluster secret the silo requires of direct callers (Cluster:Secret)", Required = true };
var warmup = new Option<int>("--warmup") { Description = "untimed requests per target first", DefaultValueFactory = _ => 100 };
var pairs = new Option<int>("--pairs") { Description = "non-streamed request pairs", DefaultValueFactory = _ => 1000 };
var maxTokens = new Option<int>("--max-tokens") { Description = "max_tokens of non-streamed requests", DefaultValueFactory = _ => 1 };
var streamPairs = new Option<int>("--stream-pairs") { Description = "streamed request pairs", DefaultValueFactory = _ => 100 };
var streamTokens = new Option<int>("--stream-tokens") { Description = "tokens per streamed answer", DefaultValueFactory = _ => 16 };
var concurrency = new Option<int[]>("--concurrency") { Description = "clients of the throughput runs", DefaultValueFactory = _ => [1, 4, 16], AllowMultipleArgumentsPerToken = true };
var blockSeconds = new Option<double>("--block-seconds") { Description = "length of one throughput block", DefaultValueFactory = _ => 3 };
var rounds = new Option<int>("--rounds") { Description = "throughput blocks per target and concurrency", DefaultValueFactory = _ => 4 };
var root = new RootCommand("Gateway overhead: the same chat requests to a silo directly and through the gateway, interleaved; prints markdown.")
{
    silo, gateway, model, secret, warmup, pairs, maxTokens, streamPairs, streamTokens, concurrency, blockSeconds, rounds,
};
root.SetAction((result, cancellationToken) => OverheadRun.RunAsync(
    new BenchSettings(
        EndWithSlash(result.GetValue(silo)!), EndWithSlash(result.GetValue(gateway)!), result.GetValue(model)!, result.GetValue(secret)!, result.GetValue(warmup),
        result.GetValue(pairs), result.GetValue(maxTokens), result.GetValue(streamPairs), result.GetValue(streamTokens),
        result.GetValue(concurrency)!, result.GetValue(blockSeconds), result.GetValue(rounds)),
    args,
    cancellationToken));
return await root.Parse(args).InvokeAsync();

static Uri EndWithSlash(string url) => new(url.EndsWith('/') ? url : url + "/");
