using System.Threading.Channels;
using Cluster.Grains.Keys;

namespace Cluster.Gateway.Usage;

/// <summary>
/// Usage per API key, counted off the response path: a request posts its usage and goes on; one loop adds up what
/// arrived and adds it to each key's <see cref="IKeyUsageGrain"/> once per batch, so a busy gateway makes far fewer grain
/// calls (and state writes) than it serves requests.
/// </summary>
internal sealed partial class UsageRecorder(IGrainFactory grains, ILogger<UsageRecorder> logger) : IHostedService
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<Entry> _entries = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private Task _loop = Task.CompletedTask;

    /// <summary>Counts <paramref name="usage"/> for the key; never waits.</summary>
    public void Record(string keyId, TokenUsage usage) => _entries.Writer.TryWrite(new Entry(keyId, usage, null));

    /// <summary>Completes once everything recorded before the call has been handed to the usage grains (or failed and was kept).</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _entries.Writer.TryWrite(new Entry(null, null, flushed)) ? flushed.Task.WaitAsync(cancellationToken) : Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(WriteLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The loop writes what is left, then ends.
        _entries.Writer.TryComplete();
        await _loop.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var totals = new Dictionary<string, TokenUsage>(StringComparer.Ordinal);
        var flushes = new List<TaskCompletionSource>();
        var reader = _entries.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (reader.TryRead(out var entry))
            {
                if (entry.Flushed is { } flushed)
                {
                    flushes.Add(flushed);
                }
                else
                {
                    totals[entry.KeyId!] = totals.GetValueOrDefault(entry.KeyId!, TokenUsage.None).Add(entry.Usage!);
                }
            }

            await WriteAsync(totals);
            flushes.ForEach(flushed => flushed.TrySetResult());
            flushes.Clear();
        }
    }

    private async Task WriteAsync(Dictionary<string, TokenUsage> totals)
    {
        foreach (var (keyId, usage) in totals)
        {
            try
            {
                await grains.GetGrain<IKeyUsageGrain>(keyId).AddAsync(usage).WaitAsync(WriteTimeout);
                totals.Remove(keyId);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Kept and tried again with the next batch; the requests themselves were served.
                LogWriteFailed(logger, ex, keyId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Adding usage of key {KeyId} to its grain failed; it is kept for the next batch")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string keyId);

    private readonly record struct Entry(string? KeyId, TokenUsage? Usage, TaskCompletionSource? Flushed);
}
