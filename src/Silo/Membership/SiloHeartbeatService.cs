using System.Net;
using System.Net.Http.Json;
using Cluster.Contracts.Membership;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Membership;

/// <summary>Registers the silo with the gateway once its models are ready, heartbeats about every second, and says goodbye on shutdown.</summary>
internal sealed partial class SiloHeartbeatService(
    SiloHeartbeatSource source,
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<ClusterMembershipOptions> options,
    TimeProvider timeProvider,
    ILogger<SiloHeartbeatService> logger) : BackgroundService
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(3) };
    private (string Id, string Address)? _identity;
    private bool _registered;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.GatewayUrl is not { } gateway)
        {
            LogAlone(logger);
            return;
        }

        _client.BaseAddress = new Uri(gateway);
        if (options.Value.Secret is { } secret)
        {
            _client.DefaultRequestHeaders.Add(MembershipEndpoints.SecretHeader, secret);
        }

        if (!await WaitForStartAsync(stoppingToken))
        {
            return;
        }

        _identity = SiloIdentity.Resolve(options.Value, server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [], new Uri(gateway));
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, timeProvider);
        do
        {
            if (source.Ready)
            {
                await SendAsync(source.Build(_identity.Value.Id, _identity.Value.Address), stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_registered && _identity is { } identity)
        {
            // Best effort: a silo that cannot say goodbye is dropped after the heartbeat timeout anyway.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await SendAsync(source.Build(identity.Id, identity.Address, leaving: true), timeout.Token);
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task SendAsync(SiloHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.PostAsJsonAsync(MembershipEndpoints.Heartbeat, heartbeat, MembershipJsonContext.Default.SiloHeartbeat, cancellationToken);
            if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.OK)
            {
                if (!_registered && !heartbeat.Leaving)
                {
                    LogRegistered(logger, heartbeat.SiloId, heartbeat.Address, _client.BaseAddress!);
                }

                _registered = !heartbeat.Leaving;
            }
            else
            {
                LogRefused(logger, (int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(logger, _client.BaseAddress!, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster membership is off (set Cluster:Membership:GatewayUrl to join a gateway)")]
    private static partial void LogAlone(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered as silo {SiloId} at {Address} with gateway {Gateway}")]
    private static partial void LogRegistered(ILogger logger, string siloId, string address, Uri gateway);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The gateway refused the heartbeat ({Status}): {Body}")]
    private static partial void LogRefused(ILogger logger, int status, string body);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway {Gateway} unreachable for heartbeat: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, Uri gateway, string reason);
}
