using Cluster.Inference.Sampling;

namespace Cluster.Inference.Tests.Sampling;

public sealed class SamplingWorkersTests
{
    [Fact]
    public void Run_ManyJobsInARow_RunsEveryIndexExactlyOnceEachTime()
    {
        using var workers = new SamplingWorkers(threads: 4);
        var runs = new int[37];

        for (var job = 0; job < 500; job++)
        {
            workers.Run(job % runs.Length + 1, index => Interlocked.Increment(ref runs[index]));
        }

        // Index i ran in every job with more than i indices.
        var expected = Enumerable.Range(0, runs.Length).Select(index => Enumerable.Range(0, 500).Count(job => job % runs.Length + 1 > index)).ToArray();
        Assert.Equal(expected, runs);
    }

    [Fact]
    public void Run_AnIndexThrows_EveryOtherIndexStillRunsAndTheFailureIsRethrown()
    {
        using var workers = new SamplingWorkers(threads: 3);
        var ran = new int[16];

        var error = Assert.Throws<AggregateException>(() => workers.Run(ran.Length, index =>
        {
            Interlocked.Increment(ref ran[index]);
            if (index == 5)
            {
                throw new InvalidOperationException("index 5");
            }
        }));

        Assert.Equal("index 5", Assert.IsType<InvalidOperationException>(error.InnerException).Message);
        Assert.All(ran, count => Assert.Equal(1, count));
        workers.Run(2, index => ran[index] = 10);
        Assert.Equal([10, 10], ran[..2]);
    }

    [Fact]
    public void Run_OneThread_RunsOnTheCallingThreadInOrder()
    {
        using var workers = new SamplingWorkers(threads: 1);
        var order = new List<int>();
        var caller = Environment.CurrentManagedThreadId;

        workers.Run(5, index =>
        {
            Assert.Equal(caller, Environment.CurrentManagedThreadId);
            order.Add(index);
        });

        Assert.Equal([0, 1, 2, 3, 4], order);
    }
}
