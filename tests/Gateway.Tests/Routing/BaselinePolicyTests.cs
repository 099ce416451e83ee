using Cluster.Gateway.Requests;
using Cluster.Gateway.Routing;

namespace Cluster.Gateway.Tests.Routing;

public sealed class BaselinePolicyTests
{
    private static readonly SiloTarget[] Silos = [new("silo-1", "http://a", false, null), new("silo-2", "http://b", false, null), new("silo-3", "http://c", false, null)];

    [Fact]
    public async Task LeastLoad_ThreeSilosWithDifferentLoads_ChoosesTheLeastLoaded()
    {
        var loads = new Dictionary<string, double> { ["silo-1"] = 0.5, ["silo-2"] = 0.25, ["silo-3"] = 0.75 };
        using var request = new InferenceRequest(InferenceEndpoint.Other, ReadOnlyMemory<byte>.Empty, null, null);
        var context = new RoutingContext(request, Silos, Silos, silo => loads[silo.Name]);

        for (var i = 0; i < 10; i++)
        {
            var decision = await new LeastLoadRoutingPolicy().SelectAsync(context, CancellationToken.None);
            Assert.Equal(("silo-2", RouteKind.Load), (decision!.Silo.Name, decision.Kind));
        }
    }

    [Fact]
    public async Task RoundRobin_SevenRequests_VisitsEverySiloInTurn()
    {
        using var request = new InferenceRequest(InferenceEndpoint.Other, ReadOnlyMemory<byte>.Empty, null, null);
        var context = new RoutingContext(request, Silos, Silos, _ => 0);
        var policy = new RoundRobinRoutingPolicy();

        var chosen = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            chosen.Add((await policy.SelectAsync(context, CancellationToken.None))!.Silo.Name);
        }

        Assert.Equal(["silo-1", "silo-2", "silo-3", "silo-1", "silo-2", "silo-3", "silo-1"], chosen);
    }

    [Fact]
    public async Task BaselinePolicies_NoCandidates_DeclineSoTheRouterAnswers()
    {
        using var request = new InferenceRequest(InferenceEndpoint.Other, ReadOnlyMemory<byte>.Empty, null, null);
        var context = new RoutingContext(request, [], [], _ => 0);

        Assert.Null(await new LeastLoadRoutingPolicy().SelectAsync(context, CancellationToken.None));
        Assert.Null(await new RoundRobinRoutingPolicy().SelectAsync(context, CancellationToken.None));
    }
}
