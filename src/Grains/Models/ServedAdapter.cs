using Cluster.Inference.Models;

namespace Cluster.Grains.Models;

/// <summary>
/// A loaded LoRA adapter and the requests using it. Requests acquire it before they are queued and release it when
/// their stream ends; removal succeeds only when none holds it, and after that no request can acquire it.
/// </summary>
internal sealed class ServedAdapter(LoraAdapterOptions options, LoraAdapter adapter)
{
    private const int Removed = -1;
    private int _users;

    public LoraAdapterOptions Options { get; } = options;

    public LoraAdapter Adapter { get; } = adapter;

    /// <summary>Requests using it now.</summary>
    public int Users => Math.Max(0, Volatile.Read(ref _users));

    /// <summary>Counts one more request; false once it has been removed.</summary>
    public bool TryAcquire()
    {
        for (var users = Volatile.Read(ref _users); users != Removed; users = Volatile.Read(ref _users))
        {
            if (Interlocked.CompareExchange(ref _users, users + 1, users) == users)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Counts one request less.</summary>
    public void Release() => Interlocked.Decrement(ref _users);

    /// <summary>Marks it removed if no request uses it; false while some do.</summary>
    public bool TryRemove() => Interlocked.CompareExchange(ref _users, Removed, 0) == 0;
}
