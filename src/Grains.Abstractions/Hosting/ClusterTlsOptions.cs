namespace Cluster.Grains.Hosting;

/// <summary>
/// Mutual TLS on the cluster's Orleans ports (section "Cluster:Tls"): every silo and gateway holds the same certificate, and
/// each side accepts a peer only if it presents that certificate.
/// </summary>
public sealed record ClusterTlsOptions
{
    /// <summary>The PKCS#12/PFX file holding the cluster certificate with its private key.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>The password of <see cref="CertificatePath"/>; null for a file without one.</summary>
    public string? CertificatePassword { get; init; }
}
