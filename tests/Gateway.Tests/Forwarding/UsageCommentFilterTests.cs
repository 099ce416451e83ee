using System.Text;
using Cluster.Gateway.Forwarding;
using Cluster.Grains.Keys;

namespace Cluster.Gateway.Tests.Forwarding;

public sealed class UsageCommentFilterTests
{
    private const string Stream = """
        data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}

        data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}

        data: {"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}

        : cluster-usage {"prompt_tokens":11,"completion_tokens":2,"total_tokens":13,"prompt_tokens_details":{"cached_tokens":3}}
        data: [DONE]


        """;

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(4096)]
    public void Write_StreamWithUsageReportInReadsOfAnySize_ClientGetsTheStreamWithoutItAndObserverCountsIt(int readSize)
    {
        var bytes = Encoding.UTF8.GetBytes(Stream.ReplaceLineEndings("\n"));
        var filter = new UsageCommentFilter();
        var observer = new ResponseObserver(ResponseFormat.Sse, captureContent: false, captureLimit: 4096);
        var received = new MemoryStream();
        var destination = new byte[3];
        for (var i = 0; i < bytes.Length; i += readSize)
        {
            var read = bytes.AsSpan(i, Math.Min(readSize, bytes.Length - i));
            observer.Observe(read);
            filter.Write(read);
            Drain(filter, destination, received);
        }

        observer.Complete();
        filter.Complete();
        Drain(filter, destination, received);

        var expected = Stream.ReplaceLineEndings("\n").Replace(
            ": cluster-usage {\"prompt_tokens\":11,\"completion_tokens\":2,\"total_tokens\":13,\"prompt_tokens_details\":{\"cached_tokens\":3}}\n", string.Empty, StringComparison.Ordinal);
        Assert.Equal(expected, Encoding.UTF8.GetString(received.ToArray()));
        Assert.Equal(new TokenUsage(1, 11, 2, 3), observer.Usage);
        Assert.True(observer.SawDone);
    }

    [Fact]
    public void Complete_LastLineWithoutNewline_PassesAsItIs()
    {
        var filter = new UsageCommentFilter();
        filter.Write("data: {}\n\ndata: [DO"u8);
        filter.Complete();

        var destination = new byte[64];
        var count = filter.Read(destination);

        Assert.Equal("data: {}\n\ndata: [DO", Encoding.UTF8.GetString(destination, 0, count));
        Assert.False(filter.HasOutput);
    }

    private static void Drain(UsageCommentFilter filter, byte[] destination, MemoryStream received)
    {
        while (filter.HasOutput)
        {
            received.Write(destination, 0, filter.Read(destination));
        }
    }
}
