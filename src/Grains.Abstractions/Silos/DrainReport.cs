namespace Cluster.Grains.Silos;

/// <summary>What a drain did: sessions asked to migrate, and those that could not (no other silo serves their model).</summary>
/// <param name="Silo">The drained silo's name.</param>
/// <param name="Migrating">Sessions handed to Orleans to migrate.</param>
/// <param name="Staying">Sessions left in place, with why.</param>
[GenerateSerializer, Immutable, Alias("cluster.drain-report")]
public sealed record DrainReport(
    [property: Id(0)] string Silo,
    [property: Id(1)] int Migrating,
    [property: Id(2)] IReadOnlyList<string> Staying);
