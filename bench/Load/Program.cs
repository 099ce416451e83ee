using System.CommandLine;
using Cluster.Bench.Load;

var url = new Option<string>("--url") { Description = "base URL of an OpenAI-compatible server (silo, gateway or llama-server)", Required = true };
var label = new Option<string>("--label") { Description = "name printed in the table", DefaultValueFactory = _ => "server" };
var concurrency = new Option<int[]>("--concurrency") { Description = "concurrent streams, one run each", DefaultValueFactory = _ => [1, 16, 64, 128], AllowMultipleArgumentsPerToken = true };
var promptWords = new Option<int>("--prompt-words") { Description = "words per prompt (about one token each)", DefaultValueFactory = _ => 500 };
var outputTokens = new Option<int>("--max-tokens") { Description = "tokens generated per request (ignore_eos)", DefaultValueFactory = _ => 128 };
var requestsPerStream = new Option<int>("--rounds") { Description = "requests each stream sends in turn", DefaultValueFactory = _ => 2 };
var model = new Option<string>("--model") { Description = "model id to ask for; a comma-separated list spreads the streams over them (stream i asks for the i-th, round robin)", DefaultValueFactory = _ => "model" };
var sampling = new Option<string?>("--sampling")
{
    Description = "JSON object of sampling fields sent instead of the default {\"temperature\":0.8,\"top_p\":0.95,\"top_k\":40,\"min_p\":0}",
};
var root = new RootCommand("Streaming load: N concurrent clients, each sending completions one after another; prints output tok/s and TTFT p50/p95.")
{
    url, label, concurrency, promptWords, outputTokens, requestsPerStream, model, sampling,
};
var conversations = new Option<int>("--conversations") { Description = "conversations at once", DefaultValueFactory = _ => 16 };
var turns = new Option<int>("--turns") { Description = "turns per conversation", DefaultValueFactory = _ => 8 };
var sessions = new Option<bool>("--sessions") { Description = "send X-Session-Id and only the new message (else the whole history)" };
var firstConversation = new Option<int>("--first-conversation")
{
    Description = "number of the first conversation (its words' seed): runs against the same servers use different ones so no cache holds their text",
    DefaultValueFactory = _ => 0,
};
var chat = new Command("chat", "Multi-turn conversations with a growing history; prints TTFT p50/p95 of turns 2..N, output tok/s, cached share, turns moved.")
{
    url, label, model, outputTokens, conversations, turns, sessions, firstConversation,
};
chat.SetAction((result, cancellationToken) => ConversationRun.RunAsync(
    new LoadSettings(new Uri(result.GetValue(url)!), result.GetValue(label)!, result.GetValue(model)!, 0, result.GetValue(outputTokens), 1),
    result.GetValue(conversations), result.GetValue(turns), result.GetValue(sessions), result.GetValue(firstConversation), cancellationToken));
root.Subcommands.Add(chat);

var messageWords = new Option<int>("--prompt-words") { Description = "words per user message (about one token each)", DefaultValueFactory = _ => 40 };
var killAfter = new Option<double>("--kill-after") { Description = "fraction of all turns that must have succeeded before the kill", DefaultValueFactory = _ => 1.0 / 3 };
var retryFor = new Option<double>("--retry-for") { Description = "seconds a client keeps retrying a failed turn", DefaultValueFactory = _ => 30 };
var siloPids = new Option<string[]>("--silo-pid") { Description = "NAME=PID of every silo (the one owning the most sessions is killed)", AllowMultipleArgumentsPerToken = true, Required = true };
var attemptsCsv = new Option<string?>("--attempts-csv") { Description = "write every request (session, turn, start, end, silo, error) here" };
var failover = new Command("failover", "Session conversations through the gateway; kill -9 the busiest silo a third of the way; prints lost turns and recovery times.")
{
    url, model, outputTokens, conversations, turns, messageWords, killAfter, retryFor, siloPids, attemptsCsv,
};
failover.SetAction((result, cancellationToken) => FailoverRun.RunAsync(
    new LoadSettings(new Uri(result.GetValue(url)!), "gateway", result.GetValue(model)!, result.GetValue(messageWords), result.GetValue(outputTokens), 1),
    new FailoverSettings(result.GetValue(conversations), result.GetValue(turns), result.GetValue(killAfter), TimeSpan.FromSeconds(result.GetValue(retryFor)),
        result.GetValue(siloPids)!.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal),
        result.GetValue(attemptsCsv)),
    cancellationToken));
root.Subcommands.Add(failover);
var imageSize = new Option<int>("--image-size") { Description = "side of each request's random PNG, in pixels", DefaultValueFactory = _ => 336 };
var vision = new Command("vision", "One-image chats (a distinct PNG each, base64) at each concurrency; prints images per second and TTFT.")
{
    url, label, model, outputTokens, requestsPerStream, concurrency, imageSize, sampling,
};
vision.SetAction((result, cancellationToken) => VisionRun.RunAsync(
    new LoadSettings(new Uri(result.GetValue(url)!), result.GetValue(label)!, result.GetValue(model)!, 0, result.GetValue(outputTokens), result.GetValue(requestsPerStream),
        result.GetValue(sampling) is { } fields ? System.Text.Json.Nodes.JsonNode.Parse(fields)!.AsObject() : null),
    result.GetValue(imageSize), result.GetValue(concurrency)!, cancellationToken));
root.Subcommands.Add(vision);

var sessionCount = new Option<int>("--sessions") { Description = "sessions created on the drained silo", DefaultValueFactory = _ => 16 };
var from = new Option<string>("--from") { Description = "the silo drained", DefaultValueFactory = _ => "silo-1" };
var to = new Option<string>("--to") { Description = "the silo that receives the sessions", DefaultValueFactory = _ => "silo-2" };
var secret = new Option<string>("--secret") { Description = "the cluster secret (first turns go to the drained silo directly)", Required = true };
var kvLog = new Option<string>("--kv-log") { Description = "the receiving silo's log (its \"KV arrived\" lines)", Required = true };
var drainTimeout = new Option<double>("--timeout") { Description = "seconds to wait for every session to arrive", DefaultValueFactory = _ => 120 };
var drain = new Command("drain", "Sessions on one silo, then drain it; prints sessions moved per second, KV GB/s, and the next turn's cached tokens.")
{
    url, model, outputTokens, sessionCount, turns, messageWords, from, to, secret, kvLog, drainTimeout,
};
drain.SetAction((result, cancellationToken) => DrainRun.RunAsync(
    new LoadSettings(new Uri(result.GetValue(url)!), "gateway", result.GetValue(model)!, result.GetValue(messageWords), result.GetValue(outputTokens), 1),
    new DrainSettings(result.GetValue(sessionCount), result.GetValue(turns), result.GetValue(from)!, result.GetValue(to)!, result.GetValue(secret)!,
        result.GetValue(kvLog)!, TimeSpan.FromSeconds(result.GetValue(drainTimeout))),
    cancellationToken));
root.Subcommands.Add(drain);
root.SetAction((result, cancellationToken) => LoadRun.RunAsync(new LoadSettings(
    new Uri(result.GetValue(url)!), result.GetValue(label)!, result.GetValue(model)!, result.GetValue(promptWords),
    result.GetValue(outputTokens), result.GetValue(requestsPerStream),
    result.GetValue(sampling) is { } fields ? System.Text.Json.Nodes.JsonNode.Parse(fields)!.AsObject() : null), result.GetValue(concurrency)!, cancellationToken));
return await root.Parse(args).InvokeAsync();
