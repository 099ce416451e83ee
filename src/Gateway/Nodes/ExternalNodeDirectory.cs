using System.Collections.Concurrent;
using Cluster.Grains.Nodes;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Nodes;

/// <summary>
/// The external OpenAI-compatible servers (LMDeploy's proxy node API) as this gateway sees them: added, probed, removed,
/// chosen for a model. The list itself is the cluster's (<see cref="IExternalNodesGrain"/>), read again before every round
/// of probes; health is this gateway's own. Owns its view; every change replaces a node's record whole.
/// </summary>
internal sealed partial class ExternalNodeDirectory(ExternalNodeProbe probe, IGrainFactory grains, IOptions<ExternalNodeOptions> options, TimeProvider time,
    ILogger<ExternalNodeDirectory> logger)
{
    private readonly ConcurrentDictionary<string, ExternalNode> _nodes = new(StringComparer.Ordinal);

    private IExternalNodesGrain Registry => grains.GetGrain<IExternalNodesGrain>(IExternalNodesGrain.Registry);

    /// <summary>Every node, healthy or not, by URL.</summary>
    public IEnumerable<ExternalNode> All => _nodes.Values.OrderBy(node => node.Url, StringComparer.Ordinal);

    /// <summary>
    /// Reads the node's /v1/models and adds it (or replaces it, for a URL already added). <paramref name="models"/> restricts
    /// it to those, each of which it must list. Returns the node, or why it was not added.
    /// </summary>
    public async Task<(ExternalNode? Node, string? Error)> AddAsync(string url, IReadOnlyList<string>? models, int? speed, CancellationToken cancellationToken)
    {
        var (listed, error) = await probe.ReadModelsAsync(url, cancellationToken);
        if (listed is null)
        {
            return (null, error + "; the node was not added");
        }

        var pinned = models is { Count: > 0 };
        if (pinned && models!.Where(model => !listed.Contains(model, StringComparer.Ordinal)).ToList() is { Count: > 0 } missing)
        {
            return (null, $"{url} does not serve {string.Join(", ", missing)} (its /v1/models lists {(listed.Count == 0 ? "none" : string.Join(", ", listed))}); the node was not added");
        }

        var node = new ExternalNode(url, pinned ? [.. models!.Distinct(StringComparer.Ordinal)] : listed, pinned, speed, Healthy: true, LastError: null, time.GetUtcNow());
        await Registry.PutAsync(new ExternalNodeRecord(url, node.Models, pinned, speed)).WaitAsync(cancellationToken);
        _nodes[url] = node;
        LogAdded(logger, url, node.Models);
        return (node, null);
    }

    /// <summary>Removes a node from the cluster's list; false when no node has this URL.</summary>
    public async Task<bool> RemoveAsync(string url, CancellationToken cancellationToken)
    {
        var removed = await Registry.RemoveAsync(url).WaitAsync(cancellationToken) | _nodes.TryRemove(url, out _);
        if (removed)
        {
            LogRemoved(logger, url);
        }

        return removed;
    }

    /// <summary>True when some node, healthy or not, serves <paramref name="model"/>.</summary>
    public bool Serves(string model) => _nodes.Values.Any(node => node.Models.Contains(model, StringComparer.Ordinal));

    /// <summary>The healthy nodes serving <paramref name="model"/> that are not in <paramref name="tried"/>.</summary>
    public IEnumerable<ExternalNode> Serving(string model, IReadOnlySet<string> tried) =>
        _nodes.Values.Where(node => node.Healthy && !tried.Contains(node.Name) && node.Models.Contains(model, StringComparer.Ordinal));

    /// <summary>Marks a node unhealthy after a refused connection; the next successful probe brings it back.</summary>
    public void ReportFailure(string url, string reason)
    {
        if (_nodes.TryGetValue(url, out var node) && node.Healthy)
        {
            _nodes.TryUpdate(url, node with { Healthy = false, LastError = reason }, node);
            LogUnhealthy(logger, url, reason);
        }
    }

    /// <summary>Reads the cluster's list (nodes other gateways added or removed), then probes every node once: healthy with its refreshed model list, or unhealthy with the reason.</summary>
    public async Task CheckAllAsync(CancellationToken cancellationToken)
    {
        await SyncAsync(cancellationToken);
        await Task.WhenAll(_nodes.Values.Select(async node =>
        {
            var (listed, error) = await probe.ReadModelsAsync(node.Url, cancellationToken);
            var checkedNode = listed is null
                ? node with { Healthy = false, LastError = error, CheckedAt = time.GetUtcNow() }
                : node with { Healthy = true, LastError = null, CheckedAt = time.GetUtcNow(), Models = node.Pinned ? node.Models : listed };
            if (_nodes.TryUpdate(node.Url, checkedNode, node) && node.Healthy != checkedNode.Healthy)
            {
                if (checkedNode.Healthy)
                {
                    LogHealthy(logger, node.Url);
                }
                else
                {
                    LogUnhealthy(logger, node.Url, error!);
                }
            }
        }));
    }

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<ExternalNodeRecord> records;
        try
        {
            records = await Registry.ListAsync().WaitAsync(options.Value.ProbeTimeout, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The cluster did not answer: keep the nodes as last read, and probe them.
            LogSyncFailed(logger, error.Message);
            return;
        }

        foreach (var record in records)
        {
            _nodes.TryAdd(record.Url, new ExternalNode(record.Url, record.Models, record.Pinned, record.Speed, Healthy: false, "not probed by this gateway yet", time.GetUtcNow()));
        }

        foreach (var gone in _nodes.Keys.Except(records.Select(record => record.Url), StringComparer.Ordinal))
        {
            _nodes.TryRemove(gone, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster's list of external nodes could not be read ({Reason}); probing the nodes last read")]
    private static partial void LogSyncFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "External node {Url} added, serving {Models}")]
    private static partial void LogAdded(ILogger logger, string url, IReadOnlyList<string> models);

    [LoggerMessage(Level = LogLevel.Information, Message = "External node {Url} removed")]
    private static partial void LogRemoved(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "External node {Url} is unhealthy: {Reason}")]
    private static partial void LogUnhealthy(ILogger logger, string url, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "External node {Url} is healthy again")]
    private static partial void LogHealthy(ILogger logger, string url);
}
