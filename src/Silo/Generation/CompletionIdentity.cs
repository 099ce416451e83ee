namespace Cluster.Silo.Generation;

/// <summary>What every response and chunk of one completion repeats: id, creation time and model.</summary>
/// <param name="Id">"chatcmpl-…" or "cmpl-…".</param>
/// <param name="Created">Unix seconds.</param>
/// <param name="Model">The model id.</param>
internal sealed record CompletionIdentity(string Id, long Created, string Model)
{
    /// <summary>A fresh identity with a random id after the prefix.</summary>
    public static CompletionIdentity Create(string prefix, TimeProvider time, string model) =>
        new(prefix + Guid.NewGuid().ToString("N"), time.GetUtcNow().ToUnixTimeSeconds(), model);
}
