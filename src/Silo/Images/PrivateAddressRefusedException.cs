namespace Cluster.Silo.Images;

/// <summary>An image URL's host resolved to a private address that the settings do not allow.</summary>
public sealed class PrivateAddressRefusedException : Exception
{
    /// <summary>Creates the exception for a host.</summary>
    public PrivateAddressRefusedException(string host, string address)
        : base($"its host '{host}' resolves to the private address {address}; image URLs on private networks are refused unless Silo:Images:AllowPrivateNetworks is set or the host is in Silo:Images:AllowedHosts")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PrivateAddressRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public PrivateAddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an empty exception.</summary>
    public PrivateAddressRefusedException()
    {
    }
}
