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
var idleSeconds = new Option<double>("--idle-seconds") { Description = "seconds without requests over which the on/off processes' idle processor time is read first", DefaultValueFactory = _ => 10 };
var baselineSilo = new Option<string?>("--baseline-silo")
{
    Description = "the silo of a second cluster, the same but with telemetry off: with --baseline-gateway and --baseline-secret, compares the two clusters (on vs off) instead of direct vs gateway",
};
var baselineGateway = new Option<string?>("--baseline-gateway") { Description = "the second cluster's gateway" };
var baselineSecret = new Option<string?>("--baseline-secret") { Description = "the second cluster's secret" };
var siloPids = new Option<int[]>("--silo-pids") { Description = "process ids of the telemetry-on and -off silos, when on this machine: their processor time is compared", AllowMultipleArgumentsPerToken = true };
var gatewayPids = new Option<int[]>("--gateway-pids") { Description = "process ids of the telemetry-on and -off gateways, likewise", AllowMultipleArgumentsPerToken = true };
var throughputMaxTokens = new Option<int?>("--throughput-max-tokens") { Description = "max_tokens of the throughput runs of an on/off comparison (default: --max-tokens)" };
var root = new RootCommand("Gateway overhead: the same chat requests to a silo directly and through the gateway, interleaved; or telemetry on vs off (--baseline-*); prints markdown.")
{
    silo, gateway, model, secret, warmup, pairs, maxTokens, streamPairs, streamTokens, concurrency, blockSeconds, rounds, baselineSilo, baselineGateway, baselineSecret, throughputMaxTokens, siloPids, gatewayPids, idleSeconds,
};
root.SetAction((result, cancellationToken) =>
{
    var settings = new BenchSettings(
        EndWithSlash(result.GetValue(silo)!), EndWithSlash(result.GetValue(gateway)!), result.GetValue(model)!, result.GetValue(secret)!, result.GetValue(warmup),
        result.GetValue(pairs), result.GetValue(maxTokens), result.GetValue(streamPairs), result.GetValue(streamTokens),
        result.GetValue(concurrency)!, result.GetValue(blockSeconds), result.GetValue(rounds), result.GetValue(idleSeconds));
    if (result.GetValue(baselineSilo) is not { } otherSilo)
    {
        return OverheadRun.RunAsync(settings, args, cancellationToken);
    }

    var baseline = new BaselineCluster(EndWithSlash(otherSilo), EndWithSlash(result.GetValue(baselineGateway) ?? throw new ArgumentException("--baseline-gateway is required with --baseline-silo")),
        result.GetValue(baselineSecret) ?? throw new ArgumentException("--baseline-secret is required with --baseline-silo"), result.GetValue(throughputMaxTokens) ?? settings.MaxTokens);
    List<CpuMeter> meters = [];
    // Over the metered pairs each gateway serves the stateless and the new-session pairs, each silo those and its direct pairs.
    foreach (var (name, pids, requests) in (ReadOnlySpan<(string, int[]?, int)>)[("silos", result.GetValue(siloPids), 3 * settings.Pairs), ("gateways", result.GetValue(gatewayPids), 2 * settings.Pairs)])
    {
        if (pids is { Length: 2 })
        {
            meters.Add(new CpuMeter(name, pids[0], pids[1], requests));
        }
    }

    return TelemetryRun.RunAsync(settings, baseline, meters, args, cancellationToken);
});
var speedscopeFiles = new Argument<string[]>("speedscope") { Description = "profiles from dotnet-trace collect --profile dotnet-sampled-thread-time --format Speedscope", Arity = ArgumentArity.OneOrMore };
var topFrames = new Option<int>("--top") { Description = "also list each profile's N frames with the most inclusive busy time", DefaultValueFactory = _ => 0 };
var profile = new Command("profile", "telemetry's share of each profiled process's busy time, by kind; prints markdown") { speedscopeFiles, topFrames };
profile.SetAction(result =>
{
    TelemetryProfile.Print(result.GetValue(speedscopeFiles)!);
    if (result.GetValue(topFrames) is > 0 and var top)
    {
        TopFrames.Print(result.GetValue(speedscopeFiles)!, top);
    }
});
root.Subcommands.Add(profile);
return await root.Parse(args).InvokeAsync();

static Uri EndWithSlash(string url) => new(url.EndsWith('/') ? url : url + "/");
