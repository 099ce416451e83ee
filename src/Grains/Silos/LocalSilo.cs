using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Cluster.Grains.Silos;

/// <summary>This silo: its name, grain key, data-plane URL and drain mark (owned here, set by its <see cref="SiloGrain"/>).</summary>
/// <remarks>The web server is optional: a silo without one (Orleans' test host) advertises only a configured URL.</remarks>
public sealed class LocalSilo(ILocalSiloDetails details, IServiceProvider services, IOptions<DataPlaneOptions> options)
{
    private volatile string? _httpAddress;
    private volatile bool _draining;

    /// <summary>The silo's name.</summary>
    public string Name => details.Name;

    /// <summary>Its <see cref="ISiloGrain"/> key.</summary>
    public string Key { get; } = SiloKeys.Of(details.SiloAddress);

    /// <summary>Its Orleans address.</summary>
    public SiloAddress Address => details.SiloAddress;

    /// <summary>True while drained.</summary>
    public bool Draining
    {
        get => _draining;
        internal set => _draining = value;
    }

    /// <summary>The data plane's base URL: the configured one, or the bound address (loopback for a wildcard bind on a local cluster, else the host name); "" before Kestrel listens.</summary>
    public string HttpAddress =>
        (_httpAddress ??= DataPlaneAddress.Resolve(options.Value.AdvertisedUrl, services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [], details.SiloAddress)) ?? string.Empty;
}
