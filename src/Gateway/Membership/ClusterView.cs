using System.Collections.Immutable;

namespace Cluster.Gateway.Membership;

/// <summary>The gateway's current picture of the cluster; replaced whole on every refresh, read without locks.</summary>
internal sealed class ClusterView
{
    private volatile Picture _picture = new([], []);

    /// <summary>Every known silo, live or not.</summary>
    public ImmutableArray<SiloSnapshot> All => _picture.All;

    /// <summary>Silos whose heartbeats are in time.</summary>
    public ImmutableArray<SiloSnapshot> Live => _picture.Live;

    /// <summary>The live silo with this id, or null.</summary>
    public SiloSnapshot? FindLive(string siloId)
    {
        foreach (var silo in _picture.Live)
        {
            if (silo.Id == siloId)
            {
                return silo;
            }
        }

        return null;
    }

    /// <summary>Replaces the picture; returns true when the set of live silos or their addresses changed.</summary>
    public bool Update(ImmutableArray<SiloSnapshot> all)
    {
        var live = all.Where(s => s.Live).ToImmutableArray();
        var previous = _picture.Live;
        _picture = new Picture(all, live);
        return previous.Length != live.Length
            || !previous.Select(s => (s.Id, s.Address)).OrderBy(p => p.Id, StringComparer.Ordinal)
                .SequenceEqual(live.Select(s => (s.Id, s.Address)).OrderBy(p => p.Id, StringComparer.Ordinal));
    }

    private sealed record Picture(ImmutableArray<SiloSnapshot> All, ImmutableArray<SiloSnapshot> Live);
}
