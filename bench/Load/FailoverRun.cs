using System.Diagnostics;
using System.Globalization;

namespace Cluster.Bench.Load;

/// <summary>
/// Failover under load: C session conversations of T turns at once through the gateway; once a fraction of all turns have
/// succeeded, SIGKILL the silo that owns the most of them (by /admin/sessions). Afterwards every conversation's stored
/// history (GET /admin/sessions/{key}) must hold two messages per turn the client saw succeed. Prints a markdown table.
/// </summary>
internal static class FailoverRun
{
    public static async Task<int> RunAsync(LoadSettings settings, FailoverSettings failover, CancellationToken cancellationToken)
    {
        using var http = ChatClient.CreateHttp();
        var client = new ChatClient(http, settings);
        var admin = new AdminClient(http, settings.BaseUrl);
        var runId = Guid.NewGuid().ToString("N")[..8];
        var conversations = Enumerable.Range(0, failover.Conversations).Select(n => new FailoverConversation(n, runId, failover.RetryFor)).ToArray();
        var total = failover.Conversations * failover.Turns;
        var threshold = (int)Math.Ceiling(total * failover.KillAfter);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var successes = 0;
        var clock = Stopwatch.StartNew();

        var running = Task.WhenAll(conversations.Select(c => c.RunAsync(client, failover.Turns, settings.PromptWords, clock, () =>
        {
            if (Interlocked.Increment(ref successes) == threshold)
            {
                reached.TrySetResult();
            }
        }, cancellationToken)));
        var killing = KillBusiestAsync(admin, conversations, failover, reached.Task, running, clock, cancellationToken);
        await running;
        var wall = clock.Elapsed;
        var kill = await killing;

        var stored = await Task.WhenAll(conversations.Select(c => admin.SessionAsync(c.Key, cancellationToken)));
        var report = new FailoverReport(settings, failover, conversations, stored, kill, wall, threshold);
        report.Print();
        if (failover.AttemptsCsv is { } csv)
        {
            await File.WriteAllLinesAsync(csv, conversations.SelectMany(c => c.Attempts.Select(a => string.Create(CultureInfo.InvariantCulture,
                $"{c.SessionId},{a.Turn},{a.Start.TotalSeconds:F3},{a.End.TotalSeconds:F3},{a.Silo},{a.PromptTokens},{a.CachedTokens},{a.Error}"))).Prepend("session,turn,start_s,end_s,silo,prompt_tokens,cached_tokens,error"), cancellationToken);
        }

        return report.Healthy ? 0 : 1;
    }

    private static async Task<FailoverKill?> KillBusiestAsync(AdminClient admin, FailoverConversation[] conversations, FailoverSettings failover,
        Task reached, Task running, Stopwatch clock, CancellationToken cancellationToken)
    {
        if (await Task.WhenAny(reached, running) != reached)
        {
            return null;
        }

        var decided = clock.Elapsed;
        var ours = conversations.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var owners = (await admin.SessionsAsync(cancellationToken)).Where(s => ours.Contains(s.Key)).ToDictionary(s => s.Key, s => s.Silo, StringComparer.Ordinal);
        if (owners.Count == 0)
        {
            throw new InvalidOperationException("GET /admin/sessions listed none of the run's sessions.");
        }

        var victim = owners.Values.GroupBy(silo => silo, StringComparer.Ordinal).OrderByDescending(g => g.Count()).First().Key;
        if (!failover.SiloPids.TryGetValue(victim, out var pid))
        {
            throw new InvalidOperationException($"No --silo-pid for {victim}: given {string.Join(", ", failover.SiloPids.Keys)}.");
        }

        var turnsBefore = conversations.Sum(c => c.Succeeded);
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill(); // SIGKILL on Unix: the silo gets no chance to leave the cluster.
        }

        var at = clock.Elapsed;
        var utc = DateTimeOffset.UtcNow;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"failover: killed {victim} (pid {pid}, {owners.Count(o => o.Value == victim)} of {owners.Count} sessions) at {at.TotalSeconds:F2} s ({utc:HH:mm:ss.fff} UTC), {turnsBefore} turns done; the threshold was reached at {decided.TotalSeconds:F2} s"));
        return new FailoverKill(victim, pid, decided, at, utc, turnsBefore, owners.Where(o => o.Value == victim).Select(o => o.Key).ToHashSet(StringComparer.Ordinal), owners);
    }
}
