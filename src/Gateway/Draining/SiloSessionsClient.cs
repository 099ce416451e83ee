using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.Contracts.Sessions;
using Cluster.Gateway.Api;
using Cluster.Gateway.Errors;
using Cluster.Gateway.Forwarding;

namespace Cluster.Gateway.Draining;

/// <summary>A silo's /internal/sessions API: list, hand over, import and end, through the gateway's connection pool to silos.</summary>
internal sealed class SiloSessionsClient(SiloHttpClient client)
{
    /// <summary>The sessions living on the silo, or the HTTP status (or exception name) that says why not.</summary>
    public async Task<(SessionList? Sessions, string? Failure)> ListAsync(string siloAddress, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Get, siloAddress, "/internal/sessions", null, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"HTTP {(int)response.StatusCode}");
            }

            return (await response.Content.ReadFromJsonAsync(GatewayJsonContext.Default.SessionList, cancellationToken), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException)
        {
            return (null, ex.GetType().Name);
        }
    }

    /// <summary>
    /// Starts (or, for the same <paramref name="moveId"/>, repeats) a hand-over: the silo fences the session for this move
    /// (refusing its new turns and other moves) and exports it once a running turn ended (409 when that takes too long
    /// or another move holds the fence). The caller reads (streams) the body and disposes the response.
    /// </summary>
    public Task<HttpResponseMessage> HandOverAsync(string siloAddress, string sessionId, string moveId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, siloAddress, HandoverPath(sessionId), null, cancellationToken, moveId);

    /// <summary>Lifts this move's fence after it failed, so the session keeps serving on the silo; returns the silo's status.</summary>
    public async Task<HttpStatusCode> CancelHandoverAsync(string siloAddress, string sessionId, string moveId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, siloAddress, HandoverPath(sessionId), null, cancellationToken, moveId);
        return response.StatusCode;
    }

    /// <summary>Imports an export into the silo, streaming it from <paramref name="export"/>; returns the silo's status and, on a refusal, its error code.</summary>
    public async Task<(HttpStatusCode Status, string? Code)> ImportAsync(string siloAddress, HttpContent export, CancellationToken cancellationToken)
    {
        using var content = new StreamContent(await export.ReadAsStreamAsync(cancellationToken));
        content.Headers.ContentType = new("application/json");
        using var response = await SendAsync(HttpMethod.Post, siloAddress, "/internal/sessions/import", content, cancellationToken);
        return (response.StatusCode, response.IsSuccessStatusCode ? null : OpenAIErrorCode.Of(await response.Content.ReadAsByteArrayAsync(cancellationToken)));
    }

    /// <summary>Ends the session on the silo; returns the silo's status (204, or 404 when it was gone).</summary>
    public async Task<HttpStatusCode> EndAsync(string siloAddress, string sessionId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, siloAddress, $"/internal/sessions/{Uri.EscapeDataString(sessionId)}/end", null, cancellationToken);
        return response.StatusCode;
    }

    private static string HandoverPath(string sessionId) => $"/internal/sessions/{Uri.EscapeDataString(sessionId)}/handover";

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string siloAddress, string path, HttpContent? content, CancellationToken cancellationToken, string? moveId = null)
    {
        var request = new HttpRequestMessage(method, new Uri(new Uri(siloAddress), path)) { Content = content };
        if (moveId is not null)
        {
            request.Headers.Add(SessionEndpoints.MoveIdHeader, moveId);
        }

        return client.Invoker.SendAsync(request, cancellationToken);
    }
}
