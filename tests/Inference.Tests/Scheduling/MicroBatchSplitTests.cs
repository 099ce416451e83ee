using Cluster.Inference.Scheduling;

namespace Cluster.Inference.Tests.Scheduling;

public sealed class MicroBatchSplitTests
{
    [Theory]
    [InlineData(new[] { 0, 1, 2, 3 }, new[] { 1, 1, 1, 1 }, 512, 1)] // decode tokens of neighbouring sequences: one run
    [InlineData(new[] { 0, 1, 2, 3 }, new[] { 41, 41, 41, 41 }, 512, 1)] // equal chunks: one micro-batch
    [InlineData(new[] { 0, 1, 2, 3 }, new[] { 30, 33, 37, 41 }, 512, 4)] // 4×30, then 3×3, 2×4, 1×4
    [InlineData(new[] { 0, 2 }, new[] { 10, 10 }, 512, 2)] // not neighbours: a run each
    [InlineData(new[] { 0, 1, 2, 3 }, new[] { 200, 200, 200, 200 }, 512, 2)] // 4×128 fills one, 4×72 the next
    [InlineData(new[] { 0, 1, 2 }, new[] { 1, 100, 1 }, 512, 2)] // one token of each, then the prompt's other 99
    [InlineData(new[] { 0, 1, 2, 3 }, new[] { 1, 100, 100, 1 }, 512, 2)] // a token each, then 2×99
    [InlineData(new[] { 0, 1, 2, 3 }, new[] { 1, 100, 99, 1 }, 512, 3)] // a token each, 2×98, then the last one alone
    public void Count_FollowsLlamaCppSequentialEqualSplit(int[] sequences, int[] tokens, int microBatchSize, int expected) =>
        Assert.Equal(expected, MicroBatchSplit.Count(sequences, tokens, microBatchSize));
}
