namespace Cluster.Silo.Tests.Fixtures;

/// <summary>Tests that share the session silos; they run one after another so KV residency is predictable.</summary>
[CollectionDefinition(Name)]
public sealed class SessionSilosCollection : ICollectionFixture<SessionSilosFixture>
{
    public const string Name = "session silos";
}
