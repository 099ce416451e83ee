namespace Cluster.Inference.Tests.Fixtures;

/// <summary>Tests that share the tiny model (one load per test run).</summary>
[CollectionDefinition(Name)]
public sealed class TinyModelCollection : ICollectionFixture<TinyModelFixture>
{
    public const string Name = "tiny model";
}
