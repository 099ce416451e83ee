namespace Cluster.Silo.Tests.Fixtures;

/// <summary>Tests that share the tiny-model silo; they run one after another so prefix reuse and timing are predictable.</summary>
[CollectionDefinition(Name)]
public sealed class SiloCollection : ICollectionFixture<SiloFixture>
{
    public const string Name = "silo";
}
