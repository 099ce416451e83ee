namespace Cluster.Inference.ModelCreation;

/// <summary>Forwards model-writing progress at most every <see cref="Interval"/>, so a fast writer does not flood its listener.</summary>
internal sealed class ThrottledProgress(IProgress<ModelCreationProgress>? progress, TimeProvider timeProvider)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private long lastReport;
    private bool reported;

    public long TotalBytes { get; set; }

    public void Report(long bytesWritten, string currentTensor, bool force = false)
    {
        if (progress is null)
        {
            return;
        }

        var now = timeProvider.GetTimestamp();
        if (!force && reported && timeProvider.GetElapsedTime(lastReport, now) < Interval)
        {
            return;
        }

        lastReport = now;
        reported = true;
        progress.Report(new ModelCreationProgress(bytesWritten, TotalBytes, currentTensor));
    }
}
