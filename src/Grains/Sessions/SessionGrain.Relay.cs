using System.Runtime.CompilerServices;
using Cluster.Grains.Models;
using Cluster.Inference.Text;

namespace Cluster.Grains.Sessions;

/// <summary>Turns relayed by silos that do not hold the session: run here, streamed back chunk by chunk.</summary>
internal sealed partial class SessionGrain : ISessionRelay
{
    /// <inheritdoc/>
    public async IAsyncEnumerable<RelayedTurnEvent> RunTurnAsync(RelayedTurn turn, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var location = await LocateAsync(turn.Claim, cancellationToken).ConfigureAwait(true);
        if (location.Status != SessionLocationStatus.Found || _runtime is not { } runtime)
        {
            // Found with no runtime cannot happen (locating creates it); it is answered as no silo rather than trusted.
            var status = location.Status == SessionLocationStatus.Found ? SessionLocationStatus.NoSilo : location.Status;
            yield return new RelayedTurnEvent(new RelayedTurnStart(status, location.Model, AdmissionStatus.Invalid, null, null, 0), null);
            yield break;
        }

        var messages = turn.Messages.Select(message => new ChatMessage(message.Role, message.Content)).ToList();
        ReadOnlyMemory<byte>[] images = [.. (turn.Images ?? []).Select(file => new ReadOnlyMemory<byte>(file))];
        var admission = await runtime.StartTurnAsync(messages, images, turn.Parameters, turn.ToolPreamble, cancellationToken).ConfigureAwait(true);
        yield return new RelayedTurnEvent(
            new RelayedTurnStart(location.Status, location.Model, admission.Status, admission.Error, admission.RetryAfter, runtime.TurnHistoryTokens), null);
        if (admission.Stream is not { } stream)
        {
            yield break;
        }

        await foreach (var chunk in stream.WithCancellation(cancellationToken).ConfigureAwait(true))
        {
            yield return new RelayedTurnEvent(null, chunk);
        }
    }
}
