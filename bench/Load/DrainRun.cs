using System.Diagnostics;
using System.Globalization;

namespace Cluster.Bench.Load;

/// <summary>
/// Drain: S sessions of T turns, all on one silo (their first turn goes straight to its data plane, so it places them on
/// itself; later turns through the gateway), then POST /admin/nodes/{from}/drain, timed until /admin/sessions lists every
/// session on the other silo and that silo's log says every session's KV arrived. One more turn per session through the
/// gateway then shows how much of its history the KV that moved saved (usage.prompt_tokens_details.cached_tokens).
/// </summary>
internal static class DrainRun
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    public static async Task<int> RunAsync(LoadSettings settings, DrainSettings drain, CancellationToken cancellationToken)
    {
        using var http = ChatClient.CreateHttp();
        var client = new ChatClient(http, settings);
        var admin = new AdminClient(http, settings.BaseUrl);
        var runId = Guid.NewGuid().ToString("N")[..8];
        var ids = Enumerable.Range(0, drain.Sessions).Select(n => $"drain-{runId}-{n}").ToArray();
        var keys = ids.Select(id => "h:" + id).ToHashSet(StringComparer.Ordinal);
        var source = (await admin.NodesAsync(cancellationToken))[drain.From];

        var failed = (await Task.WhenAll(ids.Select((id, n) => ConverseAsync(client, id, n, drain, source, settings.PromptWords, cancellationToken)))).Count(ok => !ok);
        var before = (await admin.SessionsAsync(cancellationToken)).Where(s => keys.Contains(s.Key)).ToDictionary(s => s.Key, StringComparer.Ordinal);
        if (failed > 0 || before.Count != drain.Sessions || before.Values.Any(s => s.Silo != drain.From))
        {
            Console.Error.WriteLine($"drain: {failed} sessions failed a turn; {before.Values.Count(s => s.Silo == drain.From)} of {drain.Sessions} listed on {drain.From}");
            return 1;
        }

        var logOffset = new FileInfo(drain.KvLog).Length;
        var sent = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var answer = await admin.DrainAsync(drain.From, cancellationToken);
        var answered = clock.Elapsed;
        TimeSpan? listed = null;
        TimeSpan? arrived = null;
        List<KvArrival> arrivals = [];
        while (listed is null || arrived is null)
        {
            if (listed is null && (await admin.SessionsAsync(cancellationToken)).Count(s => keys.Contains(s.Key) && s.Silo == drain.To) == drain.Sessions)
            {
                listed = clock.Elapsed;
            }

            if (arrived is null && (arrivals = await KvArrival.ReadAsync(drain.KvLog, logOffset, keys, cancellationToken)).Count == drain.Sessions)
            {
                arrived = clock.Elapsed;
            }

            if (clock.Elapsed >= drain.Timeout)
            {
                break;
            }

            await Task.Delay(Poll, cancellationToken);
        }

        var notMoved = await KvArrival.CountNotMovedAsync(drain.KvLog, logOffset, cancellationToken);
        var next = await Task.WhenAll(ids.Select((id, n) => client.SendAsync(
            [ConversationRun.Message("user", ConversationRun.Words((n * 1000) + drain.Turns + 1, settings.PromptWords))], id, cancellationToken)));
        var report = new DrainReport(settings, drain, sent, answer, answered, listed, arrived, arrivals, notMoved, [.. ids.Select(id => before["h:" + id])], next);
        report.Print();
        return report.Healthy ? 0 : 1;
    }

    // The first turn straight to the source silo (with the cluster secret), which places the new session on itself.
    private static async Task<bool> ConverseAsync(ChatClient client, string id, int number, DrainSettings drain, Uri source, int words, CancellationToken cancellationToken)
    {
        for (var turn = 0; turn < drain.Turns; turn++)
        {
            var message = ConversationRun.Message("user", ConversationRun.Words((number * 1000) + turn + 1, words));
            var reply = turn == 0
                ? await client.SendAsync([message], id, cancellationToken, source, drain.Secret)
                : await client.SendAsync([message], id, cancellationToken);
            if (!reply.Succeeded)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"drain: session {id} turn {turn + 1}: {reply.Result.Error}"));
                return false;
            }
        }

        return true;
    }
}
