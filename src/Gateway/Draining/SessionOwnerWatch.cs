using Cluster.Contracts.Store;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Draining;

/// <summary>
/// Follows a session that a silo refused as moved (409 session_moved): reads its owner from the store, and while the
/// store still names the refusing silo (a move through another gateway is under way) waits for the hand-over, at most
/// one <see cref="DrainOptions.PassInterval"/>.
/// </summary>
internal sealed class SessionOwnerWatch(ISessionDirectory directory, TimeProvider timeProvider, IOptions<DrainOptions> options)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>How long <see cref="WaitForNewOwnerAsync"/> waits at most, and the Retry-After of a turn that gave up.</summary>
    public TimeSpan MaxWait => options.Value.PassInterval;

    /// <summary>True once the store names an owner other than <paramref name="refusingSiloId"/> (or none); false when the wait ran out.</summary>
    public async Task<bool> WaitForNewOwnerAsync(string sessionKey, string refusingSiloId, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            var entry = await directory.FindSessionAsync(sessionKey, cancellationToken);
            if (entry?.SiloId != refusingSiloId)
            {
                return true;
            }

            if (timeProvider.GetElapsedTime(started) >= MaxWait)
            {
                return false;
            }

            await Task.Delay(PollInterval, timeProvider, cancellationToken);
        }
    }
}
