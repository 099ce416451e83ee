using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cluster.Grains.Hosting;

/// <summary>
/// The certificate every silo and gateway of the cluster holds (<see cref="ClusterTlsOptions"/>): a peer belongs to the cluster
/// if its TLS certificate is this one, which the handshake proves it holds the private key of.
/// </summary>
public sealed class ClusterCertificate
{
    private readonly string _thumbprint;

    private ClusterCertificate(X509Certificate2 certificate)
    {
        Certificate = certificate;
        _thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }

    /// <summary>The certificate with its private key, presented to peers.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Loads the certificate <paramref name="tls"/> names; throws with a message naming the setting to change when it cannot.</summary>
    public static ClusterCertificate Load(ClusterTlsOptions tls) =>
        TryLoad(tls, out var certificate, out var error) ? certificate : throw new InvalidOperationException(error);

    /// <summary>Whether <paramref name="peer"/> is the cluster certificate (same SHA-256 thumbprint); a peer without one is not.</summary>
    public bool IsClusterPeer(X509Certificate2? peer) =>
        peer is not null && string.Equals(peer.GetCertHashString(HashAlgorithmName.SHA256), _thumbprint, StringComparison.Ordinal);

    /// <summary>Loads the certificate, or says which setting to change.</summary>
    internal static bool TryLoad(ClusterTlsOptions tls, [NotNullWhen(true)] out ClusterCertificate? certificate, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(tls);
        (certificate, error) = (null, null);
        if (string.IsNullOrWhiteSpace(tls.CertificatePath))
        {
            error = "Cluster:Tls:CertificatePath must name the cluster certificate (a PKCS#12/PFX file with its private key) when Cluster:Tls is set.";
            return false;
        }

        if (!File.Exists(tls.CertificatePath))
        {
            error = $"Cluster:Tls:CertificatePath names '{tls.CertificatePath}', which does not exist.";
            return false;
        }

        X509Certificate2 loaded;
        try
        {
            loaded = X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.CertificatePassword);
        }
        catch (CryptographicException)
        {
            error = $"Cluster:Tls:CertificatePassword does not open '{tls.CertificatePath}' (Cluster:Tls:CertificatePath), or that file is not PKCS#12/PFX.";
            return false;
        }

        if (!loaded.HasPrivateKey)
        {
            loaded.Dispose();
            error = $"Cluster:Tls:CertificatePath names '{tls.CertificatePath}', whose certificate has no private key; the cluster certificate needs one.";
            return false;
        }

        certificate = new ClusterCertificate(loaded);
        return true;
    }
}
