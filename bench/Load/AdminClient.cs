using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cluster.Bench.Load;

/// <summary>The gateway's admin API as the benchmarks use it (open to loopback callers when no keys are configured).</summary>
internal sealed class AdminClient(HttpClient http, Uri gateway)
{
    /// <summary>GET /admin/sessions: every active session.</summary>
    public async Task<SessionView[]> SessionsAsync(CancellationToken cancellationToken)
    {
        var list = await http.GetFromJsonAsync<JsonElement>(new Uri(gateway, "admin/sessions"), cancellationToken);
        return [.. list.EnumerateArray().Select(SessionView.Of)];
    }

    /// <summary>GET /admin/sessions/{key}: one session, or null with the HTTP status when the gateway did not answer 200.</summary>
    public async Task<(SessionView? Session, HttpStatusCode Status)> SessionAsync(string key, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(gateway, "admin/sessions/" + Uri.EscapeDataString(key)), cancellationToken);
        return response.StatusCode == HttpStatusCode.OK
            ? (SessionView.Of(await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)), response.StatusCode)
            : (null, response.StatusCode);
    }

    /// <summary>GET /admin/nodes: silo name → its data-plane address.</summary>
    public async Task<Dictionary<string, Uri>> NodesAsync(CancellationToken cancellationToken)
    {
        var nodes = await http.GetFromJsonAsync<JsonElement>(new Uri(gateway, "admin/nodes"), cancellationToken);
        return nodes.EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!, n => new Uri(n.GetProperty("http_address").GetString()!), StringComparer.Ordinal);
    }

    /// <summary>POST /admin/nodes/{name}/drain; the drain report's body.</summary>
    public async Task<string> DrainAsync(string silo, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(gateway, $"admin/nodes/{Uri.EscapeDataString(silo)}/drain"), null, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode ? body : throw new HttpRequestException($"drain of {silo}: HTTP {(int)response.StatusCode} {body}");
    }
}
