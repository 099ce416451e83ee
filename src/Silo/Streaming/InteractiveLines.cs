using System.Runtime.CompilerServices;
using Cluster.Contracts.Interactive;
using Cluster.Inference.Generation;

namespace Cluster.Silo.Streaming;

/// <summary>
/// The lines of an interactive answer: text as it comes with the running token count, then a last line with the
/// finish reason and the totals. A turn cancelled through the session (not by this client) ends with "abort".
/// </summary>
internal static class InteractiveLines
{
    /// <summary>The finish reason of a cancelled turn.</summary>
    public const string Aborted = "abort";

    public static async IAsyncEnumerable<InteractiveResponse> ReadAsync(IAsyncEnumerable<GenerationChunk> output, InteractiveSessionId sessionId, int historyTokens,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var tokens = 0;
        var enumerator = output.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                if (!more)
                {
                    throw new InvalidOperationException("the generation ended without a summary");
                }

                var chunk = enumerator.Current;
                tokens += chunk.Tokens.Count;
                if (chunk.Summary is { } summary)
                {
                    yield return new InteractiveResponse
                    {
                        Text = chunk.Text,
                        Tokens = summary.CompletionTokens,
                        InputTokens = summary.PromptTokens - historyTokens,
                        HistoryTokens = historyTokens,
                        FinishReason = summary.FinishReason == FinishReason.Length ? "length" : "stop",
                        SessionId = sessionId,
                    };
                    yield break;
                }

                if (chunk.Text.Length > 0)
                {
                    yield return new InteractiveResponse { Text = chunk.Text, Tokens = tokens, SessionId = sessionId };
                }
            }
        }

        // How much prompt the cancelled turn had is not known here; the history it would have continued is.
        yield return new InteractiveResponse { Text = string.Empty, Tokens = tokens, HistoryTokens = historyTokens, FinishReason = Aborted, SessionId = sessionId };
    }
}
