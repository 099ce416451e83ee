using System.Threading.Channels;
using Cluster.Grains.Models;

namespace Cluster.Grains.Tests.Models;

public sealed class ReleasingStreamTests
{
    [Fact]
    public async Task Cancel_WhileBeingRead_ReleasesOnlyWhenTheReaderLetsGo()
    {
        var (stream, request, channel, releases) = Create();
        channel.Writer.TryWrite(1);
        var reader = stream.GetAsyncEnumerator();
        var first = await reader.MoveNextAsync() ? reader.Current : -1;

        await request.CancelAsync();
        var whileReading = releases.Count;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.MoveNextAsync());
        var afterCancelledRead = releases.Count;
        await reader.DisposeAsync();

        Assert.Equal((1, 0, 0, 1), (first, whileReading, afterCancelledRead, releases.Count));
    }

    [Fact]
    public async Task Cancel_BeforeAnyRead_ReleasesAtOnceAndNeverAgain()
    {
        var (stream, request, _, releases) = Create();

        await request.CancelAsync();
        var afterCancel = releases.Count;
        var reader = stream.GetAsyncEnumerator();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.MoveNextAsync());
        await reader.DisposeAsync();

        Assert.Equal((1, 1), (afterCancel, releases.Count));
    }

    [Fact]
    public async Task Dispose_AfterReadingToTheEnd_ReleasesOnceAndCancelsTheRequest()
    {
        var (stream, request, channel, releases) = Create();
        var token = request.Token;
        channel.Writer.TryWrite(1);
        channel.Writer.TryWrite(2);
        channel.Writer.Complete();

        var read = new List<int>();
        await foreach (var item in stream)
        {
            read.Add(item);
        }

        Assert.Equal([1, 2], read);
        Assert.Equal(1, releases.Count);
        Assert.True(token.IsCancellationRequested);
    }

    private static (ReleasingStream<int> Stream, CancellationTokenSource Request, Channel<int> Channel, ReleaseCount Releases) Create()
    {
        var request = new CancellationTokenSource();
        var channel = Channel.CreateUnbounded<int>();
        var releases = new ReleaseCount();
        var stream = new ReleasingStream<int>(channel.Reader.ReadAllAsync(request.Token), releases.Release, request);
        return (stream, request, channel, releases);
    }

    private sealed class ReleaseCount
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Release() => Interlocked.Increment(ref _count);
    }
}
