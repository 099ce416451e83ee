using Cluster.Grains.Sessions;

namespace Cluster.Grains.Keys;

/// <summary>The cluster's API keys as grain state (hashes and limits only), written on every change.</summary>
internal sealed class ApiKeysGrain([PersistentState("keys", ClusterStorage.Name)] IPersistentState<ApiKeysState> state) : Grain, IApiKeysGrain
{
    /// <inheritdoc/>
    public Task<ApiKeyRecord?> FindAsync(string keyHash) =>
        Task.FromResult(state.State.Keys.FirstOrDefault(key => string.Equals(key.KeyHash, keyHash, StringComparison.Ordinal)));

    /// <inheritdoc/>
    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync() => Task.FromResult<IReadOnlyList<ApiKeyRecord>>([.. state.State.Keys]);

    /// <inheritdoc/>
    public async Task<bool> AddAsync(ApiKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (state.State.Keys.Any(existing => existing.Id == key.Id || existing.KeyHash == key.KeyHash))
        {
            return false;
        }

        state.State.Keys.Add(key);
        await state.WriteStateAsync().ConfigureAwait(true);
        return true;
    }

    /// <inheritdoc/>
    public async Task<bool> RemoveAsync(string id)
    {
        if (state.State.Keys.RemoveAll(key => key.Id == id) == 0)
        {
            return false;
        }

        await state.WriteStateAsync().ConfigureAwait(true);
        return true;
    }
}
