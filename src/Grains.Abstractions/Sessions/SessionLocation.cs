namespace Cluster.Grains.Sessions;

/// <summary>Where a session lives.</summary>
/// <param name="Status">Found, or why not.</param>
/// <param name="Silo">The owner silo's <see cref="Silos.ISiloGrain"/> key.</param>
/// <param name="HttpAddress">The owner silo's data-plane base URL.</param>
/// <param name="Model">The model the session talks to (set when it exists).</param>
[GenerateSerializer, Immutable, Alias("cluster.session-location")]
public sealed record SessionLocation(
    [property: Id(0)] SessionLocationStatus Status,
    [property: Id(1)] string Silo,
    [property: Id(2)] string HttpAddress,
    [property: Id(3)] string Model);
