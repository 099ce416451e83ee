namespace Cluster.Inference.Sampling;

/// <summary>
/// Where a truncation ends in a row ranked by logit descending, ties by token ascending (the order a full sort gives):
/// every token ranked at or above (<see cref="Value"/>, <see cref="Token"/>) survives.
/// </summary>
/// <remarks>Top-k, top-p and min-p each keep a prefix of that ranking, so the tokens that survive all three are the shortest prefix.</remarks>
internal readonly record struct RankCutoff(float Value, int Token)
{
    /// <summary>Keeps every finite logit.</summary>
    public static readonly RankCutoff Everything = new(float.NegativeInfinity, -1);

    /// <summary>Keeps every token whose logit is at least <paramref name="value"/>.</summary>
    public static RankCutoff AtLeast(float value) => new(value, int.MaxValue);

    /// <summary>Whether a token with this logit survives (NaN never does).</summary>
    public bool Keeps(float value, int token) => value > Value || (value == Value && token <= Token);

    /// <summary>The cutoff that keeps fewer tokens: the intersection of two prefixes.</summary>
    public RankCutoff Tighter(RankCutoff other) =>
        Value > other.Value || (Value == other.Value && Token < other.Token) ? this : other;
}
