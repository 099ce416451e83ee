using System.Collections.Concurrent;

namespace Cluster.Gateway.Nodes;

/// <summary>
/// The external OpenAI-compatible servers of this gateway (LMDeploy's proxy node API): added, probed, removed, chosen for
/// a model. Owns the node list; every change replaces a node's record whole.
/// </summary>
internal sealed partial class ExternalNodeDirectory(ExternalNodeProbe probe, TimeProvider time, ILogger<ExternalNodeDirectory> logger)
{
    private readonly ConcurrentDictionary<string, ExternalNode> _nodes = new(StringComparer.Ordinal);

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
        _nodes[url] = node;
        LogAdded(logger, url, node.Models);
        return (node, null);
    }

    /// <summary>Removes a node; false when no node has this URL.</summary>
    public bool Remove(string url)
    {
        var removed = _nodes.TryRemove(url, out _);
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

    /// <summary>Probes every node once: healthy with its refreshed model list, or unhealthy with the reason.</summary>
    public async Task CheckAllAsync(CancellationToken cancellationToken)
    {
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

    [LoggerMessage(Level = LogLevel.Information, Message = "External node {Url} added, serving {Models}")]
    private static partial void LogAdded(ILogger logger, string url, IReadOnlyList<string> models);

    [LoggerMessage(Level = LogLevel.Information, Message = "External node {Url} removed")]
    private static partial void LogRemoved(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "External node {Url} is unhealthy: {Reason}")]
    private static partial void LogUnhealthy(ILogger logger, string url, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "External node {Url} is healthy again")]
    private static partial void LogHealthy(ILogger logger, string url);
}
