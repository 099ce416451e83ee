using System.Collections.Concurrent;
using Cluster.Grains.Silos;

namespace Cluster.Grains.Placement;

/// <summary>
/// Picks the silo for a session of a model: among the given silos whose catalog entry serves the model and is not draining,
/// the one with the least load, then the most free KV, then the fewest sessions. Sessions placed through this chooser since
/// the catalog's last refresh count too, so a burst of new sessions spreads instead of piling onto the emptiest-looking silo.
/// </summary>
public sealed class SessionSiloChooser(SiloCatalog catalog, LocalSilo local)
{
    private readonly ConcurrentDictionary<string, int> _placedSinceRefresh = new(StringComparer.Ordinal);
    private long _catalogVersion;

    /// <summary>The best of <paramref name="silos"/> for a session of <paramref name="model"/>, or null when none serves it.</summary>
    public SiloAddress? Choose(IEnumerable<SiloAddress> silos, string model)
    {
        ArgumentNullException.ThrowIfNull(silos);
        ForgetPlacementsBeforeRefresh();
        SiloAddress? best = null;
        var bestScore = (Load: double.MaxValue, UsedKv: double.MaxValue, Sessions: int.MaxValue);
        foreach (var silo in silos)
        {
            var key = SiloKeys.Of(silo);
            if (catalog.FindByAddress(key) is not { Draining: false } info || (key == local.Key && local.Draining) || info.ReadyModel(model) is not { } serving)
            {
                continue;
            }

            var placed = _placedSinceRefresh.GetValueOrDefault(key);
            var score = (serving.Load + ((double)placed / Math.Max(1, serving.Slots)), 1 - serving.FreeKv, info.Sessions + placed);
            if (score.CompareTo(bestScore) < 0 || (score.CompareTo(bestScore) == 0 && Random.Shared.Next(2) == 0))
            {
                (best, bestScore) = (silo, score);
            }
        }

        if (best is not null)
        {
            _placedSinceRefresh.AddOrUpdate(SiloKeys.Of(best), 1, (_, count) => count + 1);
        }

        return best;
    }

    /// <summary>The best active silo other than this one for a session of <paramref name="model"/>, or null.</summary>
    public SiloAddress? ChooseElsewhere(string model) =>
        Choose(catalog.Silos.Where(silo => silo.Address != local.Key).Select(silo => SiloAddress.FromParsableString(silo.Address)), model);

    private void ForgetPlacementsBeforeRefresh()
    {
        var version = catalog.Refreshes;
        if (Interlocked.Exchange(ref _catalogVersion, version) != version)
        {
            _placedSinceRefresh.Clear();
        }
    }
}
