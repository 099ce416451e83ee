namespace Cluster.Inference.Scheduling;

/// <summary>
/// How many micro-batches llama.cpp makes of one of our batches when each sequence has its own KV: its split
/// (<c>llama_batch_allocr::split_equal</c>, sequential) takes a run of consecutive sequence ids, the same number of
/// tokens from each, until the shortest runs out or the micro-batch is full, and every micro-batch reads all the
/// weights once more. The scheduler counts them per step for its profile and lays out prompt chunks to keep them few.
/// </summary>
internal static class MicroBatchSplit
{
    /// <summary>Counts the micro-batches for <paramref name="tokens"/>[i] tokens of sequence <paramref name="sequences"/>[i],
    /// written sequence by sequence in increasing id order.</summary>
    public static int Count(ReadOnlySpan<int> sequences, ReadOnlySpan<int> tokens, int microBatchSize)
    {
        Span<int> left = tokens.Length <= 256 ? stackalloc int[tokens.Length] : new int[tokens.Length];
        tokens.CopyTo(left);
        var count = 0;
        for (var start = left.IndexOfAnyExcept(0); start >= 0; start = left.IndexOfAnyExcept(0))
        {
            var end = RunEnd(sequences, left, start, microBatchSize);
            TakeRounds(left[start..end], microBatchSize);
            count++;
        }

        return count;
    }

    // The run: consecutive ids that still hold tokens, at most one more than the micro-batch size (llama.cpp's bound).
    private static int RunEnd(ReadOnlySpan<int> sequences, ReadOnlySpan<int> left, int start, int microBatchSize)
    {
        var end = start + 1;
        while (end < left.Length && end - start <= microBatchSize && left[end] > 0 && sequences[end] == sequences[end - 1] + 1)
        {
            end++;
        }

        return end;
    }

    private static void TakeRounds(Span<int> run, int microBatchSize)
    {
        for (var taken = 1; ; taken++)
        {
            for (var i = 0; i < run.Length; i++)
            {
                run[i]--;
            }

            if (run.Contains(0) || (taken + 1) * run.Length > microBatchSize)
            {
                return;
            }
        }
    }
}
