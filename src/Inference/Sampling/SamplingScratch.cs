namespace Cluster.Inference.Sampling;

/// <summary>
/// Row-sized buffers a sampler works in, one set per thread: the scheduler samples rows in parallel on pool threads,
/// so each thread reuses its own set instead of every sequence keeping a vocabulary-sized copy.
/// </summary>
internal sealed class SamplingScratch
{
    [ThreadStatic]
    private static SamplingScratch? t_current;

    private readonly AlignedBuffer<float> _row = new();
    private readonly AlignedBuffer<float> _weights = new();
    private readonly AlignedBuffer<float> _nucleusWeights = new();
    private double[] _chunkSums = [];
    private double[] _nucleusChunkSums = [];

    /// <summary>The histogram search for cutoffs.</summary>
    public RankThreshold Threshold { get; } = new();

    /// <summary>This thread's buffers.</summary>
    public static SamplingScratch Current => t_current ??= new SamplingScratch();

    /// <summary>A copy of the row to adjust (penalties, biases, bans).</summary>
    public Span<float> Row(int length) => _row.Get(length);

    /// <summary>Room for one weight per token.</summary>
    public Span<float> Weights(int length) => _weights.Get(length);

    /// <summary>Room for the sum of every <see cref="CumulativeWeights.Chunk"/> weights of a row.</summary>
    public Span<double> ChunkSums(int length) => Sized(ref _chunkSums, (length + CumulativeWeights.Chunk - 1) / CumulativeWeights.Chunk);

    /// <summary>Room for a second weight per token: top-p's, at temperature 1, beside the draw's.</summary>
    public Span<float> NucleusWeights(int length) => _nucleusWeights.Get(length);

    /// <summary>Room for chunk sums beside <see cref="ChunkSums"/>.</summary>
    public Span<double> NucleusChunkSums(int length) => Sized(ref _nucleusChunkSums, (length + CumulativeWeights.Chunk - 1) / CumulativeWeights.Chunk);

    private static Span<T> Sized<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new T[length];
        }

        return buffer.AsSpan(0, length);
    }
}
