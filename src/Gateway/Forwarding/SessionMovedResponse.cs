using System.Net;
using Cluster.Gateway.Errors;

namespace Cluster.Gateway.Forwarding;

/// <summary>Recognises a silo's 409 session_moved: the session is fenced there because it is moving (or moved) to another silo.</summary>
internal static class SessionMovedResponse
{
    /// <summary>The error code silos send for a turn of a fenced session.</summary>
    public const string Code = "session_moved";

    /// <summary>
    /// Whether <paramref name="response"/> is a 409 session_moved. A 409 is read to find out; its content is put back
    /// (buffered, headers kept) so that any other 409 still reaches the client as the silo sent it.
    /// </summary>
    public static async ValueTask<bool> IsSessionMovedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            return false;
        }

        var original = response.Content;
        var bytes = await original.ReadAsByteArrayAsync(cancellationToken);
        var buffered = new ByteArrayContent(bytes);
        foreach (var header in original.Headers)
        {
            buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = buffered;
        original.Dispose();
        return OpenAIErrorCode.Of(bytes) == Code;
    }
}
