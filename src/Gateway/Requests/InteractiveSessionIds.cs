using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Cluster.Grains.Sessions;

namespace Cluster.Gateway.Requests;

/// <summary>
/// Ids for interactive sessions opened with session_id -1: uniformly random in [1, 2^53) (exact in a JSON double), from the
/// system's cryptographic generator, so they cannot be guessed and two gateways never need to agree on them.
/// </summary>
internal static class InteractiveSessionIds
{
    /// <summary>Ids stay below 2^53 so JavaScript clients read them exactly.</summary>
    public const long Limit = 1L << 53;

    /// <summary>A new random id.</summary>
    public static long Next()
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var id = (long)(BinaryPrimitives.ReadUInt64LittleEndian(bytes) & (Limit - 1));
            if (id > 0)
            {
                return id;
            }
        }
    }

    /// <summary>Gives <paramref name="request"/> a new id: its body's session_id and its session key.</summary>
    public static void Assign(InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = Next();
        request.Body = RequestBodyRewriter.With(request.Body, "session_id", JsonValue.Create(id));
        request.SessionKey = SessionKeys.ForInteractive(id.ToString(CultureInfo.InvariantCulture));
        request.SessionKeySource = SessionKeySource.InteractiveId;
    }
}
