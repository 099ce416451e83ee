using Cluster.Inference.Sampling;

namespace Cluster.Bench.Decode;

/// <summary>How the scheduler samples a step's rows (BatchScheduler.SampleAll), for the benchmarks that time it.</summary>
internal static class SchedulerStep
{
    /// <summary>
    /// One row per sampling thread while the rows are at least half the threads, else row after row with each row's
    /// passes split over all threads; <paramref name="sampleRow"/> samples row i, with the split where given.
    /// </summary>
    public static void Sample(int rows, Action<int, RowSplit?> sampleRow, SamplingWorkers workers, RowSplit split)
    {
        if (!RowSplit.Pays(rows, workers.Threads))
        {
            workers.Run(rows, row => sampleRow(row, null));
            return;
        }

        for (var row = 0; row < rows; row++)
        {
            sampleRow(row, split);
        }
    }
}
