using System.Text;
using Cluster.Grains.Keys;
using Cluster.Gateway.Forwarding;

namespace Cluster.Gateway.Tests.Forwarding;

public sealed class ResponseObserverTests
{
    [Fact]
    public void Observe_SseSplitAcrossReads_CapturesContentUsageAndDone()
    {
        var sse = """
            data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}

            data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}

            data: {"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}

            data: {"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9,"prompt_tokens_details":{"cached_tokens":4}}}

            data: [DONE]


            """.ReplaceLineEndings("\n");
        var observer = new ResponseObserver(ResponseFormat.Sse, captureContent: true, captureLimit: 4096);
        var bytes = Encoding.UTF8.GetBytes(sse);
        for (var i = 0; i < bytes.Length; i += 7)
        {
            observer.Observe(bytes.AsSpan(i, Math.Min(7, bytes.Length - i)));
        }

        observer.Complete();

        Assert.Equal("Hello", observer.Content);
        Assert.Equal(new TokenUsage(1, 7, 2, 4), observer.Usage);
        Assert.True(observer.SawDone);
    }

    [Fact]
    public void Complete_JsonCompletion_ReadsMessageAndUsage()
    {
        var observer = new ResponseObserver(ResponseFormat.Json, captureContent: true, captureLimit: 4096);
        observer.Observe("""{"choices":[{"index":0,"message":{"role":"assistant","content":"Hi there"}}],"usage":{"prompt_tokens":3,"completion_tokens":2}}"""u8);
        observer.Complete();

        Assert.Equal("Hi there", observer.Content);
        Assert.Equal(new TokenUsage(1, 3, 2, 0), observer.Usage);
    }

    [Fact]
    public void Complete_JsonOverLimit_CapturesNothing()
    {
        var observer = new ResponseObserver(ResponseFormat.Json, captureContent: true, captureLimit: 16);
        observer.Observe("""{"choices":[{"index":0,"message":{"role":"assistant","content":"Hi there"}}]}"""u8);
        observer.Complete();

        Assert.Null(observer.Content);
        Assert.Null(observer.Usage);
    }
}
