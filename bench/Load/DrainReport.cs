using System.Globalization;

namespace Cluster.Bench.Load;

/// <summary>
/// The figures of a drain run: how long the drain took to be seen (listed on the target; every KV arrived), sessions moved
/// per second, KV bytes over the summed transfer times and over the wall time, and the cached tokens of the next turn
/// against the history tokens its session held before the move.
/// </summary>
internal sealed class DrainReport(LoadSettings settings, DrainSettings drain, DateTimeOffset sent, string answer, TimeSpan answered, TimeSpan? listed, TimeSpan? arrived,
    List<KvArrival> arrivals, int notMoved, SessionView[] before, ChatReply[] next)
{
    private double MinCachedShare => before.Zip(next, (b, n) => (double)n.CachedTokens / b.HistoryTokens).DefaultIfEmpty(double.NaN).Min();

    /// <summary>Every session listed on the target and its KV arrived, and every next turn succeeded there reusing at least its whole history.</summary>
    public bool Healthy => listed is not null && arrived is not null && next.All(n => n.Succeeded) && MinCachedShare >= 1;

    public void Print()
    {
        var bytes = arrivals.Sum(a => a.Bytes);
        var transfer = arrivals.Sum(a => a.Milliseconds);
        var wall = new[] { listed ?? drain.Timeout, arrived ?? drain.Timeout }.Max();
        Console.WriteLine("| figure | value |");
        Console.WriteLine("| --- | --- |");
        Row("sessions × turns before the drain", F($"{drain.Sessions} × {drain.Turns}, {settings.PromptWords} words per message, max_tokens {settings.MaxTokens}; history {before.Min(b => b.HistoryTokens)}–{before.Max(b => b.HistoryTokens)} tokens, {before.Sum(b => b.HistoryTokens)} in all"));
        Row(F($"POST /admin/nodes/{drain.From}/drain (sent {sent:HH:mm:ss.fff} UTC) answered"), F($"{answered.TotalMilliseconds:F0} ms: {answer}"));
        Row(F($"drain → every session listed on {drain.To}"), listed is { } at ? F($"{at.TotalMilliseconds:F0} ms") : F($"not within {drain.Timeout.TotalSeconds:F0} s"));
        Row(F($"drain → every KV arrived ({drain.To}'s log)"), (arrived is { } all ? F($"{all.TotalMilliseconds:F0} ms") : F($"not within {drain.Timeout.TotalSeconds:F0} s"))
            + F($" ({arrivals.Count} of {drain.Sessions} arrived, {notMoved} not moved)"));
        Row("sessions moved per second (wall)", F($"{arrivals.Count / wall.TotalSeconds:F1}"));
        Row("KV moved", F($"{bytes / 1e6:F1} MB, {arrivals.Sum(a => a.Tokens)} tokens; per session {(arrivals.Count == 0 ? 0 : bytes / arrivals.Count) / 1e6:F2} MB"));
        Row("transfer time per session (the log's ms: HTTP fetch from the old silo's stash and decoding; the import into the model host is not in it) p50 / max", arrivals.Count == 0 ? "-"
            : F($"{ConversationRun.Percentile([.. arrivals.Select(a => a.Milliseconds).Order()], 0.5):F1} ms / {arrivals.Max(a => a.Milliseconds):F1} ms"));
        Row("KV GB/s, bytes / sum of the logged transfer times", F($"{bytes / 1e9 / (transfer / 1000):F3}"));
        Row("KV GB/s, bytes / wall time (drain → every KV arrived)", F($"{bytes / 1e9 / wall.TotalSeconds:F3}"));
        Row(F($"next turn through the gateway: succeeded, on {drain.To}"), F($"{next.Count(n => n.Succeeded)} of {next.Length}, {next.Count(n => n.Silo == drain.To)} on {drain.To}"));
        Row("next turn cached_tokens / history tokens before the move, min", F($"{MinCachedShare:F3} (cached {next.Min(n => n.CachedTokens)}–{next.Max(n => n.CachedTokens)}, prompt {next.Min(n => n.PromptTokens)}–{next.Max(n => n.PromptTokens)})"));
        foreach (var failure in next.Where(n => !n.Succeeded).GroupBy(n => n.Result.Error))
        {
            Console.WriteLine(F($"- next turn: {failure.Count()} × {failure.Key}"));
        }
    }

    private static void Row(string figure, string value) => Console.WriteLine($"| {figure} | {value} |");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
