namespace Cluster.Inference.Scheduling;

/// <summary>
/// Evens out the prompt chunks of neighbouring sequences. llama.cpp takes the same number of tokens from each
/// sequence of a run (<see cref="MicroBatchSplit"/>), so neighbours of unequal length leave a trail of small
/// micro-batches behind the shortest, each reading all the weights again. A shorter chunk is lengthened with more of
/// its prompt where there is more, and padded with throwaway tokens after its end where there is not; padding that
/// longer than a quarter of the run's chunks (or than 32 tokens, for short ones) costs more than the micro-batch it
/// saves and is skipped.
/// </summary>
internal static class PrefillRuns
{
    /// <summary>Sets <see cref="PrefillChunk.Extra"/> and <see cref="PrefillChunk.Padding"/> on chunks given in slot order;
    /// returns what is left of <paramref name="spareTokens"/>.</summary>
    public static int Equalize(Span<PrefillChunk> chunks, int spareTokens)
    {
        var start = 0;
        while (start < chunks.Length)
        {
            var end = start + 1;
            while (end < chunks.Length && chunks[end].Slot == chunks[end - 1].Slot + 1)
            {
                end++;
            }

            spareTokens = EqualizeRun(chunks[start..end], spareTokens);
            start = end;
        }

        return spareTokens;
    }

    private static int EqualizeRun(Span<PrefillChunk> run, int spareTokens)
    {
        var target = 0;
        foreach (var chunk in run)
        {
            target = Math.Max(target, chunk.Tokens);
        }

        for (var i = 0; i < run.Length && run.Length > 1; i++)
        {
            ref var chunk = ref run[i];
            var missing = target - chunk.Tokens;
            var extra = Math.Min(missing, chunk.MoreInPrompt);
            var padding = missing - extra;
            if (missing == 0 || padding > Math.Max(target / 4, 32) || missing > chunk.FreeCells || missing > spareTokens)
            {
                continue;
            }

            chunk.Extra = extra;
            chunk.Padding = padding;
            spareTokens -= missing;
        }

        return spareTokens;
    }
}
