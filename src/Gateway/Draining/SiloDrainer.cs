using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Draining;

/// <summary>
/// Moves the sessions of draining silos to other silos serving the same model. One loop owns the work and the
/// progress: an operator's drain asks for a pass at once and waits for it; a timer asks again every
/// <see cref="DrainOptions.PassInterval"/> for sessions that were mid-turn or whose move failed.
/// </summary>
internal sealed partial class SiloDrainer(
    SiloSessionMover mover,
    Membership.ClusterView view,
    TimeProvider timeProvider,
    IOptions<DrainOptions> options,
    ILogger<SiloDrainer> logger) : BackgroundService
{
    private readonly Channel<PassRequest> _requests = Channel.CreateUnbounded<PassRequest>(new UnboundedChannelOptions { SingleReader = true });
    private volatile ImmutableDictionary<string, DrainProgress> _progress = ImmutableDictionary.Create<string, DrainProgress>(StringComparer.Ordinal);

    /// <summary>The progress of the silo's drain as of the last pass, or null when it is not draining (or no pass ran yet).</summary>
    public DrainProgress? ProgressOf(string siloId) => _progress.GetValueOrDefault(siloId);

    /// <summary>Runs a pass over the silo now and returns its progress.</summary>
    public async Task<DrainProgress> DrainNowAsync(string siloId, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<DrainProgress>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_requests.Writer.TryWrite(new PassRequest(siloId, done)))
        {
            throw new InvalidOperationException("The gateway is stopping.");
        }

        return await done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ticks = TickAsync(stoppingToken);
        try
        {
            await foreach (var request in _requests.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    if (request.SiloId is { } siloId)
                    {
                        request.Done?.TrySetResult(await PassAsync(siloId, stoppingToken));
                    }
                    else
                    {
                        await PassAllAsync(stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogPassFailed(logger, ex, request.SiloId ?? "*");
                    request.Done?.TrySetException(ex);
                }
            }
        }
        finally
        {
            _requests.Writer.TryComplete();
            await ticks;
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PassInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken) && _requests.Writer.TryWrite(new PassRequest(null, null)))
            {
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task PassAllAsync(CancellationToken cancellationToken)
    {
        var draining = view.Live.Where(s => s.Draining).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var siloId in _progress.Keys.Where(id => !draining.Contains(id)))
        {
            _progress = _progress.Remove(siloId);
        }

        // Every pass looks again, even at silos whose sessions stay: a silo serving their model may have joined since.
        foreach (var siloId in draining)
        {
            await PassAsync(siloId, cancellationToken);
        }
    }

    private async Task<DrainProgress> PassAsync(string siloId, CancellationToken cancellationToken)
    {
        var progress = await mover.MoveSessionsAsync(siloId, ProgressOf(siloId)?.Moved ?? 0, cancellationToken);
        _progress = _progress.SetItem(siloId, progress);
        return progress;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A drain pass over {SiloId} failed; the next pass tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string siloId);

    private sealed record PassRequest(string? SiloId, TaskCompletionSource<DrainProgress>? Done);
}
