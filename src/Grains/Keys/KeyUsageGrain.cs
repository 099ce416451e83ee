using Cluster.Grains.Sessions;

namespace Cluster.Grains.Keys;

/// <summary>One API key's counted use as grain state; gateways add to it in batches.</summary>
internal sealed class KeyUsageGrain([PersistentState("usage", ClusterStorage.Name)] IPersistentState<KeyUsageState> state) : Grain, IKeyUsageGrain
{
    /// <inheritdoc/>
    public async Task AddAsync(TokenUsage usage)
    {
        state.State.Total = state.State.Total.Add(usage);
        await state.WriteStateAsync().ConfigureAwait(true);
    }

    /// <inheritdoc/>
    public Task<TokenUsage> GetAsync() => Task.FromResult(state.State.Total);
}
