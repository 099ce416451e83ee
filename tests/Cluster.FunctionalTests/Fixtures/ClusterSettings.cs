using Cluster.Grains.Hosting;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>What every member of one test cluster shares: its id, secret, membership (localhost through the primary silo, or Redis) and TLS certificate.</summary>
public sealed class ClusterSettings
{
    /// <summary>The shared secret of test clusters.</summary>
    public const string TestSecret = "functional-tests-secret-0123456789";

    /// <summary>A new cluster id, so clusters of different tests never meet (in a shared Redis too).</summary>
    public string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The cluster secret.</summary>
    public string Secret { get; init; } = TestSecret;

    /// <summary>The Redis connection string for Redis membership; null for localhost clustering.</summary>
    public string? Redis { get; init; }

    /// <summary>The cluster certificate every member holds for mutual TLS on the Orleans ports; null for none.</summary>
    public ClusterTlsOptions? Tls { get; init; }

    /// <summary>Localhost clustering: the primary silo's silo port, set when the first silo starts.</summary>
    public int PrimarySiloPort { get; set; }

    /// <summary>The "Cluster:*" settings of a gateway that joins through <paramref name="gatewayPorts"/> (localhost) or Redis.</summary>
    public Dictionary<string, string?> GatewaySettings(IEnumerable<int> gatewayPorts)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cluster:ClusterId"] = ClusterId,
            ["Cluster:Secret"] = Secret,
            ["Cluster:Membership"] = Redis is null ? "Localhost" : "Redis",
            ["Cluster:Redis"] = Redis,
        };
        if (Tls is not null)
        {
            settings["Cluster:Tls:CertificatePath"] = Tls.CertificatePath;
            settings["Cluster:Tls:CertificatePassword"] = Tls.CertificatePassword;
        }

        var index = 0;
        foreach (var port in gatewayPorts)
        {
            settings[$"Cluster:GatewayPorts:{index++}"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    /// <summary>The "--Cluster:Tls:*" arguments of a silo process; none without <see cref="Tls"/>.</summary>
    public IEnumerable<string> TlsArguments() => Tls is null ? [] :
        [$"--Cluster:Tls:CertificatePath={Tls.CertificatePath}", $"--Cluster:Tls:CertificatePassword={Tls.CertificatePassword}"];
}
