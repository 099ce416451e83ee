using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Silos;

/// <summary>
/// The live silos with what they serve and their load, read from the cluster: Orleans' membership names the active silos,
/// each one's <see cref="ISiloGrain"/> describes itself. Gateways route on it and silos place sessions on it. Replaced whole
/// on every refresh, read without locks; a silo that does not answer within <see cref="AnswerTimeout"/> is left out.
/// </summary>
public sealed partial class SiloCatalog(IGrainFactory grains, ILogger<SiloCatalog> logger)
{
    /// <summary>How long one silo may take to describe itself before a refresh leaves it out.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(1);

    private volatile Snapshot _snapshot = new([], 0);

    /// <summary>Raised after a refresh that changed the set of silos or their addresses.</summary>
    public event Action<ImmutableArray<SiloInfo>>? MembershipChanged;

    /// <summary>The silos that answered the last refresh, by name.</summary>
    public ImmutableArray<SiloInfo> Silos => _snapshot.Silos;

    /// <summary>How many refreshes completed (0 until the first).</summary>
    public long Refreshes => _snapshot.Version;

    /// <summary>The silo with this name, or null.</summary>
    public SiloInfo? FindByName(string name) => Silos.FirstOrDefault(silo => silo.Name == name);

    /// <summary>The silo with this <see cref="ISiloGrain"/> key, or null.</summary>
    public SiloInfo? FindByAddress(string address) => Silos.FirstOrDefault(silo => silo.Address == address);

    /// <summary>Asks membership for the active silos and each of them for its description.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken).ConfigureAwait(false);
        var answers = await Task.WhenAll(hosts.Keys.Select(silo => DescribeAsync(silo, cancellationToken))).ConfigureAwait(false);
        var silos = answers.OfType<SiloInfo>().OrderBy(silo => silo.Name, StringComparer.Ordinal).ToImmutableArray();
        var previous = _snapshot;
        _snapshot = new Snapshot(silos, previous.Version + 1);
        if (!previous.Silos.Select(Identity).SequenceEqual(silos.Select(Identity)))
        {
            MembershipChanged?.Invoke(silos);
        }
    }

    private async Task<SiloInfo?> DescribeAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        try
        {
            var info = await grains.GetGrain<ISiloGrain>(SiloKeys.Of(silo)).GetInfoAsync(cancellationToken)
                .WaitAsync(AnswerTimeout, cancellationToken).ConfigureAwait(false);
            return info.HttpAddress.Length > 0 ? info : null;
        }
        catch (Exception error) when (error is TimeoutException or OrleansException or SiloUnavailableException)
        {
            LogSiloSilent(logger, silo, error);
            return null;
        }
    }

    private static (string Name, string Address, string HttpAddress) Identity(SiloInfo silo) => (silo.Name, silo.Address, silo.HttpAddress);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Silo {Silo} did not describe itself; left out of this refresh")]
    private static partial void LogSiloSilent(ILogger logger, SiloAddress silo, Exception error);

    private sealed record Snapshot(ImmutableArray<SiloInfo> Silos, long Version);
}
