using System.Globalization;
using System.Net;

namespace Cluster.Bench.Load;

/// <summary>
/// The figures of a failover run. Lost turns: per conversation, two messages per turn the client saw succeed minus the
/// messages stored; more stored than seen (a turn stored whose answer the client never got whole, then sent again) is
/// counted apart. Recovery: per conversation that saw a failure after the kill, the kill to its next success.
/// </summary>
internal sealed class FailoverReport(LoadSettings settings, FailoverSettings failover, FailoverConversation[] conversations,
    (SessionView? Session, HttpStatusCode Status)[] stored, FailoverKill? kill, TimeSpan wall, int threshold)
{
    private int Lost => conversations.Zip(stored, (c, s) => Math.Max(0, (2 * c.Succeeded) - Messages(s))).Sum();

    private int Unseen => conversations.Zip(stored, (c, s) => Math.Max(0, Messages(s) - (2 * c.Succeeded))).Sum();

    private int GaveUp => conversations.Count(c => c.GaveUp);

    /// <summary>No turn lost, none stored twice, no conversation gave up, and the kill happened.</summary>
    public bool Healthy => kill is not null && Lost == 0 && Unseen == 0 && GaveUp == 0;

    public void Print()
    {
        var attempts = conversations.SelectMany(c => c.Attempts).ToList();
        var failures = attempts.Where(a => !a.Succeeded).ToList();
        Console.WriteLine("| figure | value |");
        Console.WriteLine("| --- | --- |");
        Row("conversations × turns (all at once)", $"{failover.Conversations} × {failover.Turns}, {settings.PromptWords} words per message, max_tokens {settings.MaxTokens}, streamed, temperature 0.8");
        Row("turns the client saw succeed", $"{conversations.Sum(c => c.Succeeded)} of {failover.Conversations * failover.Turns}");
        Row("kill -9", kill is null ? "never (the threshold was not reached)"
            : F($"{kill.Silo} (owner of {kill.Sessions.Count} of {failover.Conversations} sessions) at {kill.At.TotalSeconds:F2} s ({kill.AtUtc:HH:mm:ss.fff} UTC), after {kill.TurnsBefore} succeeded turns (threshold {threshold} reached at {kill.Decided.TotalSeconds:F2} s; then GET /admin/sessions)"));
        Row("failed requests seen (all kinds)", F($"{failures.Count} of {attempts.Count}"));
        if (kill is not null)
        {
            var recoveries = conversations.Select(c => c.RecoveryAfterFailure(kill.At)).OfType<TimeSpan>().ToList();
            Row("recovery: kill → next success, conversations that saw a failure (max / p50 / count)", Spread(recoveries));
            var owned = conversations.Where(c => kill.Sessions.Contains(c.Key) && c.Attempts[^1].End > kill.At).Select(c => c.NextSuccessAfter(kill.At)).ToList();
            Row("kill → next success, every session of the killed silo (max / p50 / count)", Spread(owned));
            var survivors = conversations.Where(c => !kill.Sessions.Contains(c.Key) && kill.Owners.ContainsKey(c.Key)).ToList();
            Row("sessions of the surviving silos that saw a failure after the kill", F($"{survivors.Count(c => c.RecoveryAfterFailure(kill.At) is not null)} of {survivors.Count}"));
            Row("sessions of the surviving silos whose later turn after the kill found no KV (cached_tokens 0: history prefilled again)",
                F($"{survivors.Count(c => c.Attempts.Any(a => a.Succeeded && a.Turn > 0 && a.Start > kill.At && a.CachedTokens == 0))} of {survivors.Count} (before the kill, in all sessions: {attempts.Count(a => a.Succeeded && a.Turn > 0 && a.End < kill.At && a.CachedTokens == 0)} such turns)"));
            Row("sessions of the surviving silos answered by another silo after the kill",
                F($"{survivors.Count(c => c.Attempts.Any(a => a.Succeeded && a.Start > kill.At && a.Silo != kill.Owners[c.Key]))} of {survivors.Count}"));
            var spanning = attempts.Where(a => a.Succeeded && a.Start < kill.At && a.End > kill.At).Select(a => a.End - a.Start).DefaultIfEmpty().Max();
            Row("longest successful request in flight at the kill", F($"{spanning.TotalSeconds:F2} s"));
        }

        Row("lost: 2 × turns seen − messages stored, summed where positive", F($"{Lost} messages ({Lost / 2.0:0.#} turns)"));
        Row("stored twice: messages stored − 2 × turns seen, summed where positive (a turn stored whose stream the client saw cut, then sent again)",
            F($"{Unseen} messages ({Unseen / 2.0:0.#} turns)"));
        Row("sessions not found afterwards", stored.Count(s => s.Session is null).ToString(CultureInfo.InvariantCulture));
        Row("conversations that gave up (30 s of failures)", GaveUp.ToString(CultureInfo.InvariantCulture));
        Row("wall time", F($"{wall.TotalSeconds:F1} s"));
        Console.WriteLine();
        foreach (var kind in failures.GroupBy(a => a.Error).OrderByDescending(g => g.Count()))
        {
            Console.WriteLine(F($"- {kind.Count()} × {kind.Key} (silo {string.Join(", ", kind.Select(a => a.Silo ?? "?").Distinct().Order())}; ended {kind.Min(a => a.End).TotalSeconds:F1}–{kind.Max(a => a.End).TotalSeconds:F1} s)"));
        }

        foreach (var (conversation, session) in conversations.Zip(stored).Where(p => Messages(p.Second) != 2 * p.First.Succeeded))
        {
            Console.WriteLine($"- {conversation.Key}: seen {conversation.Succeeded} turns, stored {(session.Session is { } s ? $"{s.Messages} messages on {s.Silo}" : $"nothing (HTTP {(int)session.Status})")}");
        }
    }

    private static int Messages((SessionView? Session, HttpStatusCode Status) stored) => stored.Session?.Messages ?? 0;

    private static string Spread(List<TimeSpan> values)
    {
        var never = values.Count(v => v == TimeSpan.MaxValue);
        var seconds = values.Where(v => v != TimeSpan.MaxValue).Select(v => v.TotalSeconds).Order().ToArray();
        return seconds.Length == 0 ? $"none ({never} never recovered)"
            : F($"{seconds[^1]:F2} s / {ConversationRun.Percentile(seconds, 0.5):F2} s / {values.Count}") + (never > 0 ? F($" ({never} never recovered)") : string.Empty);
    }

    private static void Row(string figure, string value) => Console.WriteLine($"| {figure} | {value} |");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
