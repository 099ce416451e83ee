using System.Net;
using System.Net.Http.Json;
using Cluster.Contracts.Membership;

namespace Cluster.Silo.Membership;

/// <summary>Posts heartbeats to a gateway's membership API, which writes them into its store.</summary>
internal sealed class GatewayHeartbeatSink : IHeartbeatSink
{
    private readonly HttpClient _client;

    public GatewayHeartbeatSink(Uri gateway, string? secret)
    {
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(3),
        };
        if (secret is not null)
        {
            _client.DefaultRequestHeaders.Add(MembershipEndpoints.SecretHeader, secret);
        }

        IsLocal = gateway.IsLoopback || IPAddress.TryParse(gateway.Host, out var ip) && IPAddress.IsLoopback(ip);
    }

    public string Destination => $"gateway {_client.BaseAddress}";

    public bool IsLocal { get; }

    public async Task<HeartbeatDelivery> SendAsync(SiloHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.PostAsJsonAsync(MembershipEndpoints.Heartbeat, heartbeat, MembershipJsonContext.Default.SiloHeartbeat, cancellationToken);
            return response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.OK
                ? HeartbeatDelivery.Recorded
                : HeartbeatDelivery.Failed($"refused ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HeartbeatDelivery.Failed($"unreachable: {ex.Message}");
        }
    }

    public void Dispose() => _client.Dispose();
}
