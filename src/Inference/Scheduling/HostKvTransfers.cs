namespace Cluster.Inference.Scheduling;

/// <summary>Bytes and time of session KV saves to and restores from host memory, for the scheduler's log; owned by the loop thread.</summary>
internal sealed class HostKvTransfers
{
    public long SavedBytes { get; private set; }

    public TimeSpan SaveTime { get; private set; }

    public long RestoredBytes { get; private set; }

    public TimeSpan RestoreTime { get; private set; }

    public void CountSave(long bytes, TimeSpan elapsed)
    {
        SavedBytes += bytes;
        SaveTime += elapsed;
    }

    public void CountRestore(long bytes, TimeSpan elapsed)
    {
        RestoredBytes += bytes;
        RestoreTime += elapsed;
    }

    /// <summary>Gigabytes per second over a total (0 when nothing moved).</summary>
    public static double Rate(long bytes, TimeSpan elapsed) => elapsed <= TimeSpan.Zero ? 0 : bytes / elapsed.TotalSeconds / 1e9;
}
