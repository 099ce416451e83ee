namespace Cluster.Inference.Generation;

/// <summary>CPU threads llama.cpp may use, sized from the cores this process really has.</summary>
/// <remarks>
/// llama.cpp's workers spin while they wait, so they must never outnumber the free cores: its default
/// (4) made a tiny model fifty times slower on a 2-core machine (DESIGN.md §3), and on our 2-core CI box
/// two threads swung between 7 and 830 tok/s while one gave a steady 690 (bench/Decode, tiny Q8_0).
/// One core is therefore left to the host (HTTP, streaming, the .NET runtime).
/// </remarks>
public static class ThreadCounts
{
    /// <summary>Cores available to this process (cgroup limits and affinity included).</summary>
    public static int Available => Math.Max(1, Environment.ProcessorCount);

    /// <summary>Threads for decoding and prompt processing: one per available core but one, at least 1 and at most 16.</summary>
    public static int ForDecode => Math.Clamp(Available - 1, 1, 16);
}
