namespace Cluster.Silo.Tests.Fixtures;

/// <summary>Compares embedding vectors computed in batches of other shapes.</summary>
public static class EmbeddingAssert
{
    /// <summary>Asserts the vectors are of one length and differ by at most 1e-6 in each value.</summary>
    public static void Close(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            // Another batch shape changes llama.cpp's summation order, nothing more.
            Assert.InRange(Math.Abs(expected[i] - actual[i]), 0, 1e-6);
        }
    }
}
