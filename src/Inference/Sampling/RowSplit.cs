using System.Numerics.Tensors;

namespace Cluster.Inference.Sampling;

/// <summary>
/// One row's sampling passes split into fixed parts of <see cref="PartLength"/> tokens run on the
/// <see cref="SamplingWorkers"/>: how a step with fewer rows than cores (one stream) still uses every core.
/// </summary>
/// <remarks>
/// Every pass gives what the same pass over the whole row gives. Maxima and per-token weights do not depend on the
/// split; sums are taken in the chunks <see cref="CumulativeWeights"/> walks and added in order, as on one thread;
/// histogram buckets add their parts in order, which is the one-thread sum whenever a bucket's sum is exact in double
/// precision (a first-level bucket spans a quarter of its logits' exponent, so its weights differ by less than
/// 2<sup>12</sup> for logits under 64 in magnitude, and 128k such floats sum exactly). Owned by the thread that starts
/// the jobs; the parts' state lives here between passes.
/// </remarks>
internal sealed unsafe class RowSplit
{
    /// <summary>Tokens per part: a whole number of <see cref="CumulativeWeights"/> chunks and of vectors.</summary>
    public const int PartLength = 8 * CumulativeWeights.Chunk;

    private readonly SamplingWorkers _workers;
    private readonly Action<int> _maxPart;
    private readonly Action<int> _weighPart;
    private readonly Action<int> _countPart;
    private readonly Action<int> _collectPart;
    private readonly Action<int> _sumKeptPart;
    private readonly Action<int> _maskPart;
    private float* _row;
    private float* _weights;
    private double* _chunkSums;
    private int* _buckets;
    private int _length;
    private float _max;
    private float _scale;
    private RankCutoff _cutoff;
    private int _found;
    private float[] _maxes = [];
    private double[][] _partBucketWeights = [];
    private int[][] _partBucketCounts = [];
    private int[][] _partMembers = [];
    private int[] _partMemberCounts = [];

    public RowSplit(SamplingWorkers workers)
    {
        _workers = workers;
        _maxPart = MaxPart;
        _weighPart = WeighPart;
        _countPart = CountPart;
        _collectPart = CollectPart;
        _sumKeptPart = SumKeptPart;
        _maskPart = MaskPart;
    }

    /// <summary>
    /// Whether a step of <paramref name="rows"/> rows is sampled sooner row after row, each split over all
    /// <paramref name="threads"/>, than one row per thread: when the rows are fewer than half the threads.
    /// </summary>
    public static bool Pays(int rows, int threads) => 2 * rows < threads;

    /// <summary><see cref="RowKernels.FiniteMax"/> over the parts.</summary>
    public float FiniteMax(ReadOnlySpan<float> row)
    {
        var parts = Prepare(row.Length);
        fixed (float* values = row)
        {
            _row = values;
            _workers.Run(parts, _maxPart);
        }

        var max = float.NegativeInfinity;
        foreach (var partMax in _maxes.AsSpan(0, parts))
        {
            max = Math.Max(max, partMax);
        }

        return max;
    }

    /// <summary><see cref="RowKernels.Weigh"/> over the parts, each part's <see cref="CumulativeWeights.ChunkSums"/> into <paramref name="chunkSums"/> in the same pass.</summary>
    public void Weigh(ReadOnlySpan<float> row, float max, float scale, RankCutoff cutoff, Span<float> weights, Span<double> chunkSums)
    {
        (_max, _scale) = (max, scale);
        RunOnRowAndWeights(row, cutoff, weights, chunkSums, _weighPart);
    }

    /// <summary><see cref="RowKernels.Mask"/> over the parts, then each part's <see cref="CumulativeWeights.ChunkSums"/> into <paramref name="chunkSums"/>.</summary>
    public void Mask(ReadOnlySpan<float> row, RankCutoff cutoff, Span<float> weights, Span<double> chunkSums) =>
        RunOnRowAndWeights(row, cutoff, weights, chunkSums, _maskPart);

    /// <summary><see cref="RowKernels.KeptChunkSums"/> over the parts, into <paramref name="chunkSums"/>.</summary>
    public void SumKept(ReadOnlySpan<float> row, ReadOnlySpan<float> weights, RankCutoff cutoff, Span<double> chunkSums) =>
        RunOnRowAndWeights(row, cutoff, weights, chunkSums, _sumKeptPart);

    /// <summary>
    /// <see cref="RowKernels.Bucket"/> into <paramref name="buckets"/> and the histogram of their weights (empty: 1 each),
    /// added part after part into <paramref name="bucketWeights"/> and <paramref name="bucketCounts"/> (cleared first).
    /// </summary>
    public void Count(ReadOnlySpan<float> row, ReadOnlySpan<float> weights, RankCutoff floor, Span<int> buckets, Span<double> bucketWeights, Span<int> bucketCounts)
    {
        var parts = Prepare(row.Length);
        _cutoff = floor;
        fixed (float* values = row)
        fixed (float* weighed = weights)
        fixed (int* output = buckets)
        {
            _row = values;
            _weights = weights.IsEmpty ? null : weighed;
            _buckets = output;
            _workers.Run(parts, _countPart);
        }

        bucketWeights.Clear();
        bucketCounts.Clear();
        for (var part = 0; part < parts; part++)
        {
            TensorPrimitives.Add(bucketWeights, _partBucketWeights[part], bucketWeights);
            TensorPrimitives.Add(bucketCounts, _partBucketCounts[part], bucketCounts);
        }
    }

    /// <summary>Finds, part by part, every token whose bucket is <paramref name="found"/>; <see cref="Members"/> gives each part's, in token order.</summary>
    /// <returns>The number of parts.</returns>
    public int Collect(ReadOnlySpan<int> buckets, int found)
    {
        var parts = Prepare(buckets.Length);
        _found = found;
        fixed (int* values = buckets)
        {
            _buckets = values;
            _workers.Run(parts, _collectPart);
        }

        return parts;
    }

    /// <summary>The tokens one part of the last <see cref="Collect"/> found.</summary>
    public ReadOnlySpan<int> Members(int part) => _partMembers[part].AsSpan(0, _partMemberCounts[part]);

    // One pass over a row and its weights (read, or written by the part) under a cutoff, in parts on the workers, each
    // part writing the chunk sums of its own chunks (parts start on chunk boundaries).
    private void RunOnRowAndWeights(ReadOnlySpan<float> row, RankCutoff cutoff, ReadOnlySpan<float> weights, Span<double> chunkSums, Action<int> part)
    {
        var parts = Prepare(row.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSums.Length, (row.Length + CumulativeWeights.Chunk - 1) / CumulativeWeights.Chunk, nameof(chunkSums));
        _cutoff = cutoff;
        fixed (float* values = row)
        fixed (float* weighed = weights)
        fixed (double* sums = chunkSums)
        {
            _row = values;
            _weights = weighed;
            _chunkSums = sums;
            _workers.Run(parts, part);
        }
    }

    private int Prepare(int length)
    {
        _length = length;
        var parts = (length + PartLength - 1) / PartLength;
        if (_maxes.Length < parts)
        {
            _maxes = new float[parts];
            _partBucketWeights = [.. Enumerable.Range(0, parts).Select(_ => new double[RankThreshold.Buckets + 1])];
            _partBucketCounts = [.. Enumerable.Range(0, parts).Select(_ => new int[RankThreshold.Buckets + 1])];
            _partMembers = [.. Enumerable.Range(0, parts).Select(_ => new int[64])];
            _partMemberCounts = new int[parts];
        }

        return parts;
    }

    private (int Start, int Length) Part(int part) => (part * PartLength, Math.Min(PartLength, _length - (part * PartLength)));

    private void MaxPart(int part)
    {
        var (start, length) = Part(part);
        _maxes[part] = RowKernels.FiniteMax(new ReadOnlySpan<float>(_row + start, length));
    }

    private void WeighPart(int part)
    {
        var (start, length) = Part(part);
        RowKernels.Weigh(new ReadOnlySpan<float>(_row + start, length), _max, _scale, _cutoff, new Span<float>(_weights + start, length), PartChunkSums(start, length), start);
    }

    private void MaskPart(int part)
    {
        var (start, length) = Part(part);
        var weights = new Span<float>(_weights + start, length);
        RowKernels.Mask(new ReadOnlySpan<float>(_row + start, length), _cutoff, weights, start);
        CumulativeWeights.ChunkSums(weights, PartChunkSums(start, length));
    }

    private void SumKeptPart(int part)
    {
        var (start, length) = Part(part);
        RowKernels.KeptChunkSums(
            new ReadOnlySpan<float>(_row + start, length), new ReadOnlySpan<float>(_weights + start, length), _cutoff, PartChunkSums(start, length), start);
    }

    private Span<double> PartChunkSums(int start, int length) =>
        new(_chunkSums + (start / CumulativeWeights.Chunk), (length + CumulativeWeights.Chunk - 1) / CumulativeWeights.Chunk);

    private void CountPart(int part)
    {
        var (start, length) = Part(part);
        var buckets = new Span<int>(_buckets + start, length);
        RowKernels.Bucket(new ReadOnlySpan<float>(_row + start, length), _cutoff, buckets, start);
        Array.Clear(_partBucketWeights[part]);
        Array.Clear(_partBucketCounts[part]);
        var weights = _weights is null ? [] : new ReadOnlySpan<float>(_weights + start, length);
        RankThreshold.Histogram(buckets, weights, _partBucketWeights[part], _partBucketCounts[part]);
    }

    private void CollectPart(int part)
    {
        var (start, length) = Part(part);
        _partMemberCounts[part] = RowKernels.IndicesOf(new ReadOnlySpan<int>(_buckets + start, length), _found, ref _partMembers[part], start);
    }
}
