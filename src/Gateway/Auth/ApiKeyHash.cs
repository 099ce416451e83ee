using System.Security.Cryptography;
using System.Text;

namespace Cluster.Gateway.Auth;

/// <summary>How API keys are hashed: only hashes are stored (in the keys grain) or configured.</summary>
public static class ApiKeyHash
{
    /// <summary>Lowercase hex SHA-256 of the UTF-8 key.</summary>
    public static string Compute(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return Convert.ToHexStringLower(hash);
    }
}
