using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Routing;

/// <summary>Prefix hash → the silo that last served it. Two generations approximate LRU in O(1): when the young one fills, the old one is dropped.</summary>
internal sealed class PrefixAffinityTable(IOptions<RoutingOptions> options)
{
    private readonly Lock _gate = new();
    private Dictionary<ulong, string> _young = [];
    private Dictionary<ulong, string> _old = [];

    /// <summary>The silo that last served the longest known prefix, with its length in messages, or null.</summary>
    public (string SiloName, int Messages)? FindLongest(IReadOnlyList<ulong> prefixHashes)
    {
        lock (_gate)
        {
            for (var i = prefixHashes.Count - 1; i >= 0; i--)
            {
                if (_young.TryGetValue(prefixHashes[i], out var silo) || _old.TryGetValue(prefixHashes[i], out silo))
                {
                    return (silo, i + 1);
                }
            }
        }

        return null;
    }

    /// <summary>Records that <paramref name="siloName"/> served every prefix in <paramref name="prefixHashes"/>.</summary>
    public void Record(IReadOnlyList<ulong> prefixHashes, string siloName)
    {
        lock (_gate)
        {
            foreach (var hash in prefixHashes)
            {
                if (_young.Count >= options.Value.PrefixTableCapacity / 2)
                {
                    (_old, _young) = (_young, []);
                }

                _young[hash] = siloName;
            }
        }
    }
}
