using System.Runtime.InteropServices;
using System.Text;
using Cluster.Inference.Gguf;

namespace Cluster.Inference.ModelCreation;

/// <summary>
/// Produces a tensor's random weights chunk by chunk. Each chunk's values depend only on the seed, the tensor
/// name and the chunk index, so chunks can be generated in any order on any number of threads.
/// </summary>
internal sealed class RandomWeightGenerator(ulong seed)
{
    /// <summary>The number of values in one chunk; a multiple of every block size used.</summary>
    public const int ChunkElements = 1 << 20;

    /// <summary>Half-width of the uniform distribution: 0.02·√3, a standard deviation of 0.02 as in Llama's init.</summary>
    public const float Scale = 0.034641016f;

    private const float UnitFromInt32 = Scale / 2147483648f;

    public static long ChunkCount(long elements) => (elements + ChunkElements - 1) / ChunkElements;

    public static int ChunkLength(long elements, long chunk) => (int)Math.Min(ChunkElements, elements - (chunk * ChunkElements));

    /// <summary>Returns the per-tensor seed: a stable (FNV-1a) hash of the name mixed with the model seed.</summary>
    public ulong TensorSeed(string tensorName)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(tensorName))
        {
            hash = (hash ^ b) * 0x100000001B3UL;
        }

        return SplitMix64.Mix(seed ^ SplitMix64.Mix(hash));
    }

    /// <summary>Writes chunk <paramref name="chunk"/> of a tensor of <paramref name="elements"/> values, encoded as <paramref name="type"/>.</summary>
    public static void FillChunk(ulong tensorSeed, GgufTensorType type, long elements, long chunk, Span<byte> destination)
    {
        var random = new SplitMix64(SplitMix64.Mix(tensorSeed ^ SplitMix64.Mix((ulong)chunk)));
        var length = ChunkLength(elements, chunk);
        Span<float> block = stackalloc float[Q8_0Quantizer.BlockSize];
        for (var start = 0; start < length; start += block.Length)
        {
            var values = block[..Math.Min(block.Length, length - start)];
            for (var i = 0; i < values.Length; i += 2)
            {
                var bits = random.Next();
                values[i] = (int)(uint)bits * UnitFromInt32;
                if (i + 1 < values.Length)
                {
                    values[i + 1] = (int)(uint)(bits >> 32) * UnitFromInt32;
                }
            }

            Encode(type, values, start, destination);
        }
    }

    private static void Encode(GgufTensorType type, ReadOnlySpan<float> values, int start, Span<byte> destination)
    {
        switch (type)
        {
            case GgufTensorType.F16:
                var halves = MemoryMarshal.Cast<byte, Half>(destination).Slice(start, values.Length);
                for (var i = 0; i < values.Length; i++)
                {
                    halves[i] = (Half)values[i];
                }

                break;
            case GgufTensorType.Q8_0:
                var blockStart = start / Q8_0Quantizer.BlockSize * Q8_0Quantizer.BlockBytes;
                Q8_0Quantizer.Quantize(values, destination.Slice(blockStart, Q8_0Quantizer.BlockBytes));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Random weights are written as F16 or Q8_0 only.");
        }
    }
}
