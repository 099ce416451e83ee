using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Cluster.Bench.Load;

/// <summary>
/// Multi-turn load: C conversations at once, T turns each, the history growing every turn. With sessions the client
/// sends X-Session-Id and only the new message; without, it resends the whole history (llama-server's cache_prompt
/// may still reuse a slot's prefix). Prints TTFT p50/p95 of turns 2..T, output tok/s over the whole run, the share of
/// later turns' prompt tokens that were cached, and how many later turns were answered by another silo than turn 1.
/// </summary>
internal static class ConversationRun
{
    public static async Task<int> RunAsync(LoadSettings settings, int conversations, int turns, bool sessions, int firstConversation, CancellationToken cancellationToken)
    {
        using var http = ChatClient.CreateHttp();
        var clock = Stopwatch.StartNew();
        var client = new ChatClient(http, settings);
        var results = await Task.WhenAll(Enumerable.Range(firstConversation, conversations).Select(c => ConverseAsync(client, c, turns, sessions, cancellationToken)));
        var wall = clock.Elapsed.TotalSeconds;
        var laterReplies = results.SelectMany(r => r.Skip(1)).Where(r => r.Succeeded).ToArray();
        var later = laterReplies.Select(r => r.Result.FirstTokenSeconds * 1000).Order().ToArray();
        var errors = results.SelectMany(r => r).Count(r => !r.Succeeded);
        var outputTokens = results.SelectMany(r => r).Where(r => r.Succeeded).Sum(r => r.Result.Tokens);
        var cachedShare = (double)laterReplies.Sum(r => r.CachedTokens) / Math.Max(1, laterReplies.Sum(r => r.PromptTokens));
        var moved = results.Sum(r => r.Skip(1).Count(reply => reply.Silo != r[0].Silo));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {settings.Label} | {conversations} | {turns} | {errors} | {Percentile(later, 0.5):F0} | {Percentile(later, 0.95):F0} | {wall:F1} | {outputTokens / wall:F0} | {cachedShare:P0} | {moved} |"));
        return errors == 0 ? 0 : 1;
    }

    private static async Task<List<ChatReply>> ConverseAsync(ChatClient client, int conversation, int turns, bool sessions, CancellationToken cancellationToken)
    {
        var history = new JsonArray(Message("system", Words(conversation * 1000, 150)));
        var results = new List<ChatReply>();
        var sessionId = $"bench-{conversation}-{Guid.NewGuid():N}";
        for (var turn = 0; turn < turns; turn++)
        {
            var user = Message("user", Words(conversation * 1000 + turn + 1, 100));
            history.Add((JsonNode)user);
            var messages = sessions ? new JsonArray(user.DeepClone()) : (JsonArray)history.DeepClone();
            if (sessions && turn == 0)
            {
                messages.Insert(0, history[0]!.DeepClone());
            }

            var reply = await client.SendAsync(messages, sessions ? sessionId : null, cancellationToken);
            results.Add(reply);
            history.Add((JsonNode)Message("assistant", reply.Answer));
        }

        return results;
    }

    /// <summary>A chat message.</summary>
    public static JsonObject Message(string role, string content) => new() { ["role"] = role, ["content"] = content };

    /// <summary><paramref name="count"/> words of <see cref="LoadRun.Vocabulary"/> drawn from <paramref name="seed"/>.</summary>
    public static string Words(int seed, int count)
    {
        var random = new Random(seed);
        var words = LoadRun.Vocabulary;
        return string.Join(' ', Enumerable.Range(0, count).Select(_ => words[random.Next(words.Length)]));
    }

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0..1) of a sorted sample.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
