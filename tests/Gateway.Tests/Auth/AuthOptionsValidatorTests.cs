using Cluster.Gateway.Auth;

namespace Cluster.Gateway.Tests.Auth;

public sealed class AuthOptionsValidatorTests
{
    private readonly AuthOptionsValidator _validator = new();

    [Fact]
    public void Validate_AuthEnabledWithoutAdminKey_FailsNamingAdminKey()
    {
        var result = _validator.Validate(null, new AuthOptions { Enabled = true });

        Assert.True(result.Failed);
        Assert.Contains("Gateway:Auth:AdminKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConfiguredKeysWithoutAdminKey_FailsNamingAdminKey()
    {
        var result = _validator.Validate(null, new AuthOptions { Keys = [new ConfiguredApiKey { Name = "a", Key = "sk-a" }] });

        Assert.True(result.Failed);
        Assert.Contains("Gateway:Auth:AdminKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AuthEnabledWithAdminKeyHash_Succeeds()
    {
        var result = _validator.Validate(null, new AuthOptions { Enabled = true, AdminKeyHash = ApiKeyHash.Compute("admin-secret") });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_NoKeysAtAll_SucceedsWithoutAdminKey()
    {
        Assert.True(_validator.Validate(null, new AuthOptions()).Succeeded);
    }

    [Fact]
    public void Compute_KnownKey_IsLowercaseHexSha256()
    {
        Assert.Equal("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", ApiKeyHash.Compute("foo"));
    }
}
