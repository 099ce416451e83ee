using Cluster.Contracts.Internal;
using Cluster.Gateway.Forwarding;
using Cluster.Gateway.Routing;
using Cluster.Grains.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Tests.Forwarding;

public sealed class SiloTransformerTests
{
    private const string Secret = "test-secret-0123456789";

    [Fact]
    public async Task TransformRequestAsync_ClientSendsClusterHeaders_SiloGetsOnlyTheGatewaysOwn()
    {
        var (context, proxyRequest) = Prepare(caller: "key_1");
        context.Request.Headers[InternalHeaders.Secret] = "guessed";
        context.Request.Headers[InternalHeaders.Caller] = "someone-else";
        context.Request.Headers["x-cluster-anything"] = "x";
        context.Request.Headers.Authorization = "Bearer sk-client";

        await Transformer().TransformRequestAsync(context, proxyRequest, "http://127.0.0.1:5001", CancellationToken.None);

        Assert.Equal([Secret], proxyRequest.Headers.GetValues(InternalHeaders.Secret));
        Assert.Equal(["key_1"], proxyRequest.Headers.GetValues(InternalHeaders.Caller));
        Assert.False(proxyRequest.Headers.Contains("x-cluster-anything"));
        Assert.Null(proxyRequest.Headers.Authorization);
    }

    [Fact]
    public async Task TransformRequestAsync_NoAuthenticatedCaller_SendsSecretWithoutCaller()
    {
        var (context, proxyRequest) = Prepare(caller: null);

        await Transformer().TransformRequestAsync(context, proxyRequest, "http://127.0.0.1:5001", CancellationToken.None);

        Assert.Equal([Secret], proxyRequest.Headers.GetValues(InternalHeaders.Secret));
        Assert.False(proxyRequest.Headers.Contains(InternalHeaders.Caller));
    }

    private static SiloTransformer Transformer() =>
        new(Options.Create(new ForwardingOptions()), Options.Create(new ClusterConnectionOptions { Secret = Secret }));

    private static (HttpContext Context, HttpRequestMessage ProxyRequest) Prepare(string? caller)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/v1/chat/completions";
        var decision = new RouteDecision(new SiloTarget("silo-0", "http://127.0.0.1:5001", false, null), RouteKind.Load);
        context.Features.Set(new ForwardingAttempt(decision, canRetry: false, observeJson: false, sessionHeader: null, caller: caller, body: "{}"u8.ToArray(), bodyContentType: "application/json"));
        return (context, new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:5001/v1/chat/completions"));
    }
}
