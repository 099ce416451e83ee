using Cluster.FunctionalTests.Fixtures;
using Cluster.Grains.Hosting;

namespace Cluster.FunctionalTests.Security;

public sealed class ClusterTlsValidationTests
{
    private readonly ClusterConnectionOptionsValidator _validator = new();

    [Fact]
    public void Validate_CertificateFileMissing_NamesCertificatePath()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-cluster-certificate.pfx");

        var result = _validator.Validate(null, Options(new ClusterTlsOptions { CertificatePath = path, CertificatePassword = CertificateFile.Password }));

        Assert.Equal([$"Cluster:Tls:CertificatePath names '{path}', which does not exist."], result.Failures);
    }

    [Fact]
    public void Validate_WrongPassword_NamesCertificatePassword()
    {
        using var certificate = CertificateFile.Create();

        var result = _validator.Validate(null, Options(new ClusterTlsOptions { CertificatePath = certificate.Path, CertificatePassword = "not-the-password" }));

        Assert.Equal([$"Cluster:Tls:CertificatePassword does not open '{certificate.Path}' (Cluster:Tls:CertificatePath), or that file is not PKCS#12/PFX."], result.Failures);
    }

    [Fact]
    public void Validate_CertificatePathEmpty_NamesCertificatePath()
    {
        var result = _validator.Validate(null, Options(new ClusterTlsOptions { CertificatePassword = CertificateFile.Password }));

        Assert.Equal(["Cluster:Tls:CertificatePath must name the cluster certificate (a PKCS#12/PFX file with its private key) when Cluster:Tls is set."], result.Failures);
    }

    [Fact]
    public void Validate_CertificateAndPasswordMatch_Succeeds()
    {
        using var certificate = CertificateFile.Create();

        var result = _validator.Validate(null, Options(certificate.Tls));

        Assert.True(result.Succeeded);
    }

    private static ClusterConnectionOptions Options(ClusterTlsOptions tls) => new() { Secret = ClusterSettings.TestSecret, Tls = tls };
}
