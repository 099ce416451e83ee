using System.CommandLine;
using Cluster.Bench.Load;

var url = new Option<string>("--url") { Description = "base URL of an OpenAI-compatible server (silo, gateway or llama-server)", Required = true };
var label = new Option<string>("--label") { Description = "name printed in the table", DefaultValueFactory = _ => "server" };
var concurrency = new Option<int[]>("--concurrency") { Description = "concurrent streams, one run each", DefaultValueFactory = _ => [1, 16, 64, 128], AllowMultipleArgumentsPerToken = true };
var promptWords = new Option<int>("--prompt-words") { Description = "words per prompt (about one token each)", DefaultValueFactory = _ => 500 };
var outputTokens = new Option<int>("--max-tokens") { Description = "tokens generated per request (ignore_eos)", DefaultValueFactory = _ => 128 };
var requestsPerStream = new Option<int>("--rounds") { Description = "requests each stream sends in turn", DefaultValueFactory = _ => 2 };
var model = new Option<string>("--model") { Description = "model id to ask for", DefaultValueFactory = _ => "model" };
var root = new RootCommand("Streaming load: N concurrent clients, each sending completions one after another; prints output tok/s and TTFT p50/p95.")
{
    url, label, concurrency, promptWords, outputTokens, requestsPerStream, model,
};
var conversations = new Option<int>("--conversations") { Description = "conversations at once", DefaultValueFactory = _ => 16 };
var turns = new Option<int>("--turns") { Description = "turns per conversation", DefaultValueFactory = _ => 8 };
var sessions = new Option<bool>("--sessions") { Description = "send X-Session-Id and only the new message (else the whole history)" };
var chat = new Command("chat", "Multi-turn conversations with a growing history; prints TTFT p50/p95 of turns 2..N.")
{
    url, label, model, outputTokens, conversations, turns, sessions,
};
chat.SetAction((result, cancellationToken) => ConversationRun.RunAsync(
    new LoadSettings(new Uri(result.GetValue(url)!), result.GetValue(label)!, result.GetValue(model)!, 0, result.GetValue(outputTokens), 1),
    result.GetValue(conversations), result.GetValue(turns), result.GetValue(sessions), cancellationToken));
root.Subcommands.Add(chat);
root.SetAction((result, cancellationToken) => LoadRun.RunAsync(new LoadSettings(
    new Uri(result.GetValue(url)!), result.GetValue(label)!, result.GetValue(model)!, result.GetValue(promptWords),
    result.GetValue(outputTokens), result.GetValue(requestsPerStream)), result.GetValue(concurrency)!, cancellationToken));
return await root.Parse(args).InvokeAsync();
