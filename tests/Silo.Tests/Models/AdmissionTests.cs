using System.Net;
using Cluster.Silo.Tests.Fixtures;

namespace Cluster.Silo.Tests.Models;

public sealed class AdmissionTests(SingleSlotSiloFixture fixture) : IClassFixture<SingleSlotSiloFixture>
{
    // Long enough that it is still running when the test is done with it; the test aborts it.
    private const string Endless = """{"max_tokens":4000,"temperature":0,"ignore_eos":true,"stream":true}""";

    [Fact]
    public async Task CreateChatCompletion_SlotBusyAndQueueFull_429WithRetryAfter()
    {
        var http = fixture.Silo.Http;
        using var running = await http.PostAsync("/v1/chat/completions", Generate.Chat("first", Endless), headersOnly: true);
        await using var runningBody = await running.Content.ReadAsStreamAsync();
        await ReadFirstContentAsync(runningBody);
        using var queued = await http.PostAsync("/v1/chat/completions", Generate.Chat("second", Endless), headersOnly: true);

        // Bounded: if the third request were queued instead of refused, it would wait for the endless first one.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var refused = await http.PostAsync("/v1/chat/completions", OpenAIHttp.Json(Generate.Chat("third", """{"max_tokens":1}""")), timeout.Token);

        Assert.Equal(HttpStatusCode.OK, queued.StatusCode);
        Assert.Equal("3", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("The model 'tiny' has too many requests waiting; retry later.",
            await refused.AssertErrorAsync(HttpStatusCode.TooManyRequests, param: null, "rate_limit_exceeded", "rate_limit_error"));
    }

    [Fact]
    public async Task StreamChat_ClientAborts_SlotFreedForNextRequest()
    {
        var http = fixture.Silo.Http;
        var grain = fixture.Silo.Grain("tiny");
        await WaitForIdleAsync(grain);
        var running = await http.PostAsync("/v1/chat/completions", Generate.Chat("abort me", Endless), headersOnly: true);
        var body = await running.Content.ReadAsStreamAsync();
        await ReadFirstContentAsync(body);
        Assert.Equal(1, grain.Load.ActiveSequences);

        await body.DisposeAsync();
        running.Dispose();
        await WaitForIdleAsync(grain);

        using var next = await http.PostAsync("/v1/completions", Generate.Completion("after", """{"max_tokens":2,"ignore_eos":true}"""));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(0, grain.Load.QueuedRequests);
    }

    private static async Task ReadFirstContentAsync(Stream body)
    {
        // The role chunk comes first; a content chunk proves the request holds the slot.
        using var reader = new StreamReader(body, leaveOpen: true);
        var events = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && ++events == 2)
            {
                return;
            }
        }

        Assert.Fail("the stream ended before its first content chunk");
    }

    // The scheduler notices an abort before its next step; wait for that without a fixed sleep.
    private static async Task WaitForIdleAsync(Grains.Models.IModelHost grain)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (grain.Load is not { ActiveSequences: 0, QueuedRequests: 0 })
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
