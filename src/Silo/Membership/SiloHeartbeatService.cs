using Cluster.Contracts.Membership;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Membership;

/// <summary>
/// Registers the silo once its models are ready, heartbeats about every second and says goodbye on shutdown, into a gateway or
/// straight into the PostgreSQL store, whichever <see cref="ClusterMembershipOptions"/> names.
/// </summary>
internal sealed partial class SiloHeartbeatService(
    SiloHeartbeatSource source,
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<ClusterMembershipOptions> options,
    TimeProvider timeProvider,
    ILogger<SiloHeartbeatService> logger) : BackgroundService
{
    private IHeartbeatSink? _sink;
    private (string Id, string Address)? _identity;
    private bool _registered;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _sink = CreateSink(options.Value);
        if (_sink is null)
        {
            LogAlone(logger);
            return;
        }

        if (!await WaitForStartAsync(stoppingToken))
        {
            return;
        }

        _identity = SiloIdentity.Resolve(options.Value, server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [], _sink.IsLocal);
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
        _sink?.Dispose();
        base.Dispose();
    }

    private IHeartbeatSink? CreateSink(ClusterMembershipOptions membership) =>
        membership.PostgreSql is { } connectionString ? new PostgreSqlHeartbeatSink(connectionString, timeProvider)
        : membership.GatewayUrl is { } gateway ? new GatewayHeartbeatSink(new Uri(gateway), membership.Secret)
        : null;

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
            var delivery = await _sink!.SendAsync(heartbeat, cancellationToken);
            if (!delivery.IsRecorded)
            {
                LogNotRecorded(logger, _sink.Destination, delivery.Problem!);
                return;
            }

            if (!_registered && !heartbeat.Leaving)
            {
                LogRegistered(logger, heartbeat.SiloId, heartbeat.Address, _sink.Destination);
            }

            _registered = !heartbeat.Leaving;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && heartbeat.Leaving)
        {
            // The goodbye ran out of time; the heartbeat timeout drops the silo instead.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster membership is off (set Cluster:Membership:GatewayUrl or Cluster:Membership:PostgreSql to join a cluster)")]
    private static partial void LogAlone(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered as silo {SiloId} at {Address} with {Destination}")]
    private static partial void LogRegistered(ILogger logger, string siloId, string address, string destination);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat into {Destination} not recorded: {Problem}")]
    private static partial void LogNotRecorded(ILogger logger, string destination, string problem);
}
