namespace Cluster.Grains.Keys;

/// <summary>The usage counted for one API key (keyed by its id), as grain state.</summary>
[Alias("cluster.key-usage")]
public interface IKeyUsageGrain : IGrainWithStringKey
{
    /// <summary>Adds a batch of counted use and saves it.</summary>
    [Alias("add")]
    Task AddAsync(TokenUsage usage);

    /// <summary>The totals so far.</summary>
    [Alias("get")]
    Task<TokenUsage> GetAsync();
}
