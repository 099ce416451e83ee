namespace Cluster.Gateway.Dashboard;

/// <summary>A silo the gateway saw that is no longer in the cluster (dead, stopped, or not answering).</summary>
/// <param name="Name">Its name.</param>
/// <param name="HttpAddress">Its data plane's URL when last seen.</param>
/// <param name="LastSeen">When it was last in the catalog.</param>
internal sealed record DepartedSilo(string Name, string HttpAddress, DateTimeOffset LastSeen);
