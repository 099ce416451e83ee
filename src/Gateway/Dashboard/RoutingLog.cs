namespace Cluster.Gateway.Dashboard;

/// <summary>The last <see cref="Capacity"/> routing decisions, newest first.</summary>
internal sealed class RoutingLog
{
    /// <summary>How many decisions are kept.</summary>
    public const int Capacity = 50;

    private readonly Lock _lock = new();
    private readonly LinkedList<RoutingEntry> _entries = new();

    /// <summary>Keeps a decision, forgetting the oldest beyond <see cref="Capacity"/>.</summary>
    public void Add(RoutingEntry entry)
    {
        lock (_lock)
        {
            _entries.AddFirst(entry);
            if (_entries.Count > Capacity)
            {
                _entries.RemoveLast();
            }
        }
    }

    /// <summary>The kept decisions, newest first.</summary>
    public RoutingEntry[] Read()
    {
        lock (_lock)
        {
            return [.. _entries];
        }
    }
}
