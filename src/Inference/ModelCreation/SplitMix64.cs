namespace Cluster.Inference.ModelCreation;

/// <summary>Steele, Lea and Flood's SplitMix64: a tiny, fast generator whose output is fixed by its seed on every platform.</summary>
internal struct SplitMix64(ulong seed)
{
    private const ulong Golden = 0x9E3779B97F4A7C15;

    private ulong state = seed;

    /// <summary>Scrambles one 64-bit value (the SplitMix64 finaliser), for deriving seeds.</summary>
    public static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EB;
        return value ^ (value >> 31);
    }

    public ulong Next()
    {
        state += Golden;
        return Mix(state);
    }
}
