using Cluster.Silo.Tests.Fixtures;

namespace Cluster.Silo.Tests.Streaming;

/// <summary>A gateway that counts usage (X-Cluster-Usage) gets a stream's usage as one comment line when the client did not ask for it.</summary>
[Collection(SiloCollection.Name)]
public sealed class ReportedUsageTests(SiloFixture fixture)
{
    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public async Task Stream_GatewayOrClientAsksForUsage_ChunkForTheClientElseCommentForTheGateway(bool clientAsks, bool gatewayAsks)
    {
        var options = clientAsks ? ""","stream_options":{"include_usage":true}""" : string.Empty;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
        {
            Content = OpenAIHttp.Json($$"""{"prompt":"Once upon","max_tokens":3,"ignore_eos":true,"temperature":0,"stream":true{{options}}}"""),
        };
        if (gatewayAsks)
        {
            request.Headers.Add("X-Cluster-Usage", "1");
        }

        using var response = await fixture.Silo.Http.SendAsync(request);
        var events = await response.Content.ReadAsStringAsync();

        var usage = $$"""{"prompt_tokens":{{fixture.CompletionPromptTokens("Once upon").Length}},"completion_tokens":3,"total_tokens":{{fixture.CompletionPromptTokens("Once upon").Length + 3}},"prompt_tokens_details":{"cached_tokens":""";
        var comments = events.Split('\n').Where(line => line.StartsWith(':')).ToList();
        var reported = gatewayAsks && !clientAsks;
        Assert.Equal(reported ? 1 : 0, comments.Count);
        Assert.Equal(clientAsks ? 1 : 0, CountOf(events, "\"choices\":[],\"usage\":" + usage));
        Assert.Equal(clientAsks || reported ? 1 : 0, CountOf(events, usage));
        if (reported)
        {
            Assert.StartsWith(": cluster-usage " + usage, comments[0], StringComparison.Ordinal);
            Assert.EndsWith(comments[0] + "\ndata: [DONE]\n\n", events, StringComparison.Ordinal);
        }
        else
        {
            Assert.EndsWith("}\n\ndata: [DONE]\n\n", events, StringComparison.Ordinal);
        }
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
