using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cluster.Grains.Hosting;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>A new self-signed certificate (RSA 2048, for server and client authentication) written as a password-protected PFX to its own temp folder.</summary>
public sealed class CertificateFile : IDisposable
{
    /// <summary>The PFX password.</summary>
    public const string Password = "functional-tests-pfx-password";

    private readonly string _folder;

    private CertificateFile(string folder, string path, string thumbprint)
    {
        _folder = folder;
        Path = path;
        Thumbprint = thumbprint;
    }

    /// <summary>The PFX file.</summary>
    public string Path { get; }

    /// <summary>The certificate's SHA-256 thumbprint.</summary>
    public string Thumbprint { get; }

    /// <summary>The "Cluster:Tls" settings that name this file.</summary>
    public ClusterTlsOptions Tls => new() { CertificatePath = Path, CertificatePassword = Password };

    /// <summary>Creates a certificate for <paramref name="subject"/> and writes it with its private key.</summary>
    public static CertificateFile Create(string subject = "CN=cluster.test")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([Oid.FromOidValue("1.3.6.1.5.5.7.3.1", OidGroup.EnhancedKeyUsage), Oid.FromOidValue("1.3.6.1.5.5.7.3.2", OidGroup.EnhancedKeyUsage)], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var folder = Directory.CreateTempSubdirectory("cluster-tls-").FullName;
        var path = System.IO.Path.Combine(folder, "cluster.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return new CertificateFile(folder, path, certificate.GetCertHashString(HashAlgorithmName.SHA256));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
