using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Cluster.Silo.Sessions;

/// <summary>Session ids the server assigns (interactive session_id -1): unguessable, and exact as JSON numbers in every client.</summary>
internal static class ServerSessionIds
{
    // 2^53: the largest range JavaScript clients read exactly.
    private const long Range = 1L << 53;

    /// <summary>A uniformly random id in [1, 2^53).</summary>
    public static string Next()
    {
        long id;
        do
        {
            id = BinaryPrimitives.ReadInt64LittleEndian(RandomNumberGenerator.GetBytes(sizeof(long))) & (Range - 1);
        }
        while (id == 0);

        return id.ToString(CultureInfo.InvariantCulture);
    }
}
