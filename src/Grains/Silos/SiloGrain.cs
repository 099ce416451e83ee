using Cluster.Grains.Models;
using Cluster.Grains.Placement;
using Cluster.Grains.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cluster.Grains.Silos;

/// <summary>
/// Speaks for the silo it is placed on (its key names it): describes its models, load and sessions, and drains it by
/// migrating its sessions. Reentrant, so it keeps describing the silo while a drain waits for running turns.
/// </summary>
[SiloBoundPlacement]
[Reentrant]
internal sealed partial class SiloGrain(
    LocalSilo local,
    HostedModels models,
    LocalSessions sessions,
    SiloCatalog catalog,
    IOptions<SiloHardwareOptions> hardware,
    ILogger<SiloGrain> logger) : Grain, ISiloGrain
{
    /// <inheritdoc/>
    public Task<SiloInfo> GetInfoAsync(CancellationToken cancellationToken = default)
    {
        var infos = models.All.Select(model => ModelInfoReader.Read(model.Host)).ToList();
        var gpu = hardware.Value.GpuName ?? string.Join(", ", infos.Select(model => model.Device).Where(device => device.Length > 0).Distinct(StringComparer.Ordinal));
        return Task.FromResult(new SiloInfo(local.Name, local.Key, local.HttpAddress, infos, sessions.Count, local.Draining, gpu, hardware.Value.GpuMemoryBytes));
    }

    /// <inheritdoc/>
    public async Task<DrainReport> DrainAsync(CancellationToken cancellationToken = default)
    {
        local.Draining = true;
        var staying = new List<string>();
        var moves = new List<(string Key, Task<bool> Moved)>();
        foreach (var session in sessions.All)
        {
            var model = session.Model.ModelId;
            if (!catalog.Silos.Any(silo => silo.Address != local.Key && !silo.Draining && silo.ReadyModel(model) is not null))
            {
                staying.Add($"{session.Id}: no other silo serves model '{model}'");
                continue;
            }

            moves.Add((session.Id, GrainFactory.GetGrain<ISessionGrain>(session.Id).MoveAsync(cancellationToken)));
        }

        var migrating = 0;
        foreach (var (key, moved) in moves)
        {
            if (await moved.ConfigureAwait(true))
            {
                migrating++;
            }
            else
            {
                staying.Add($"{key}: its turn did not end in time or no silo could take it; drain again to retry");
            }
        }

        LogDrained(logger, local.Name, migrating, staying.Count);
        return new DrainReport(local.Name, migrating, staying);
    }

    /// <inheritdoc/>
    public Task UndrainAsync()
    {
        local.Draining = false;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SessionSummary>> ListSessionsAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(sessions.All.Select(session => GrainFactory.GetGrain<ISessionGrain>(session.Id).DescribeAsync())).ConfigureAwait(true);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} drained: {Migrating} sessions migrating, {Staying} staying")]
    private static partial void LogDrained(ILogger logger, string silo, int migrating, int staying);
}
