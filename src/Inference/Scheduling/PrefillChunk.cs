namespace Cluster.Inference.Scheduling;

/// <summary>One sequence's prompt chunk in a step, as <see cref="PrefillRuns"/> sees it.</summary>
/// <param name="Slot">The sequence id.</param>
/// <param name="Tokens">Prompt tokens the step budget gave it.</param>
/// <param name="MoreInPrompt">Prompt tokens after the chunk, which may lengthen it.</param>
/// <param name="FreeCells">KV cells the sequence has left after the chunk.</param>
internal record struct PrefillChunk(int Slot, int Tokens, int MoreInPrompt, int FreeCells)
{
    /// <summary>Prompt tokens added to the chunk to match its neighbours.</summary>
    public int Extra { get; set; }

    /// <summary>Throwaway tokens after the chunk to match its neighbours (removed after the step).</summary>
    public int Padding { get; set; }
}
