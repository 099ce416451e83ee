using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Cluster.Bench.Load;

/// <summary>
/// One conversation of the failover run, sending its turns as a user would: only the new message (the server keeps the
/// history), and after a failed turn the same message again after a short pause, until it succeeds or
/// <paramref name="retryFor"/> has passed since the turn's first failure (then the conversation gives up).
/// </summary>
internal sealed class FailoverConversation(int number, string runId, TimeSpan retryFor)
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    /// <summary>The X-Session-Id it sends.</summary>
    public string SessionId { get; } = $"failover-{runId}-{number}";

    /// <summary>Its grain key (what /admin/sessions lists).</summary>
    public string Key => "h:" + SessionId;

    /// <summary>Every request it sent, in order.</summary>
    public List<FailoverAttempt> Attempts { get; } = [];

    /// <summary>Turns it saw succeed.</summary>
    public int Succeeded { get; private set; }

    /// <summary>Whether it gave up on a turn.</summary>
    public bool GaveUp { get; private set; }

    /// <summary>Sends <paramref name="turns"/> turns of <paramref name="words"/> words; <paramref name="succeeded"/> is called after each successful one.</summary>
    public async Task RunAsync(ChatClient client, int turns, int words, Stopwatch clock, Action succeeded, CancellationToken cancellationToken)
    {
        for (var turn = 0; turn < turns; turn++)
        {
            var message = ConversationRun.Message("user", ConversationRun.Words((number * 1000) + turn + 1, words));
            TimeSpan? firstFailure = null;
            var pause = FirstPause;
            while (true)
            {
                var start = clock.Elapsed;
                var reply = await client.SendAsync([message.DeepClone()], SessionId, cancellationToken);
                Attempts.Add(new FailoverAttempt(turn, start, clock.Elapsed, reply.Result.Error, reply.Silo, reply.PromptTokens, reply.CachedTokens));
                if (reply.Succeeded)
                {
                    Succeeded++;
                    succeeded();
                    break;
                }

                firstFailure ??= clock.Elapsed;
                if (clock.Elapsed - firstFailure >= retryFor)
                {
                    GaveUp = true;
                    return;
                }

                await Task.Delay(pause, cancellationToken);
                pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
            }
        }
    }

    /// <summary>
    /// From <paramref name="kill"/> to the end of this conversation's first success after its first failure that ended after the
    /// kill; null when it saw no failure after the kill, <see cref="TimeSpan.MaxValue"/> when it never succeeded again.
    /// </summary>
    public TimeSpan? RecoveryAfterFailure(TimeSpan kill)
    {
        var failure = Attempts.FirstOrDefault(a => !a.Succeeded && a.End >= kill);
        return failure is null ? null
            : Attempts.FirstOrDefault(a => a.Succeeded && a.End > failure.End) is { } success ? success.End - kill
            : TimeSpan.MaxValue;
    }

    /// <summary>From <paramref name="kill"/> to the end of the first success that ended after it; <see cref="TimeSpan.MaxValue"/> when none did.</summary>
    public TimeSpan NextSuccessAfter(TimeSpan kill) =>
        Attempts.FirstOrDefault(a => a.Succeeded && a.End > kill) is { } success ? success.End - kill : TimeSpan.MaxValue;
}
