using System.Runtime.InteropServices;

namespace Cluster.Gateway.Forwarding;

/// <summary>
/// Puts the request body the gateway already read (and maybe rewrote) back on the request for YARP to send, once per
/// attempt: YARP builds the outgoing content from the incoming request and refuses a transformer that replaces it.
/// </summary>
internal static class BufferedBody
{
    /// <summary>Makes <paramref name="request"/>'s body <paramref name="body"/>, sent with <paramref name="contentType"/> when set.</summary>
    public static void Replay(HttpRequest request, ReadOnlyMemory<byte> body, string? contentType)
    {
        if (body.IsEmpty)
        {
            return;
        }

        var segment = MemoryMarshal.TryGetArray(body, out var array) ? array : new ArraySegment<byte>(body.ToArray());
        request.Body = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
        request.ContentLength = segment.Count;
        request.Headers.TransferEncoding = default;

        // A body the gateway parsed as JSON goes as application/json whatever the client said (curl -d says form data).
        if (contentType is not null)
        {
            request.ContentType = contentType;
        }
    }
}
