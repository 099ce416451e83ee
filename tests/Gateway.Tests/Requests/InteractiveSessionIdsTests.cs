using Cluster.Gateway.Requests;

namespace Cluster.Gateway.Tests.Requests;

public sealed class InteractiveSessionIdsTests
{
    [Fact]
    public void Next_ManyIds_AllPositiveBelowTwoToThe53AndDistinct()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => InteractiveSessionIds.Next()).ToList();

        Assert.All(ids, id => Assert.InRange(id, 1, InteractiveSessionIds.Limit - 1));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // Uniform over [1, 2^53): ids at or below 2^32 come up about once in two million draws.
        Assert.True(ids.Count(id => id <= uint.MaxValue) <= 1);
    }
}
