using Cluster.Grains.Sessions;

namespace Cluster.Grains.Nodes;

/// <summary>The cluster's external nodes as grain state, written on every change.</summary>
internal sealed class ExternalNodesGrain([PersistentState("nodes", ClusterStorage.Name)] IPersistentState<ExternalNodesState> state) : Grain, IExternalNodesGrain
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<ExternalNodeRecord>> ListAsync() => Task.FromResult<IReadOnlyList<ExternalNodeRecord>>([.. state.State.Nodes]);

    /// <inheritdoc/>
    public async Task PutAsync(ExternalNodeRecord node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var index = state.State.Nodes.FindIndex(existing => existing.Url == node.Url);
        if (index >= 0)
        {
            state.State.Nodes[index] = node;
        }
        else
        {
            state.State.Nodes.Add(node);
        }

        await state.WriteStateAsync().ConfigureAwait(true);
    }

    /// <inheritdoc/>
    public async Task<bool> RemoveAsync(string url)
    {
        if (state.State.Nodes.RemoveAll(node => node.Url == url) == 0)
        {
            return false;
        }

        await state.WriteStateAsync().ConfigureAwait(true);
        return true;
    }
}
