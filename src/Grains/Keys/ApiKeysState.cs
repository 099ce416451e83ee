namespace Cluster.Grains.Keys;

/// <summary>The stored API keys.</summary>
[GenerateSerializer, Alias("cluster.api-keys-state")]
public sealed class ApiKeysState
{
    /// <summary>Every key, in the order added.</summary>
    [Id(0)]
    public List<ApiKeyRecord> Keys { get; set; } = [];
}
