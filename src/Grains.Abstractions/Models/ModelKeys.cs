namespace Cluster.Grains.Models;

/// <summary>The key of a <see cref="IModelGrain"/>: the silo it lives on and the model id.</summary>
public static class ModelKeys
{
    // A silo key ("10.0.0.5:11111@123") never holds this character; a model id might hold '@' or '/'.
    private const char Separator = '|';

    /// <summary>The grain key of model <paramref name="modelId"/> on the silo whose <see cref="Silos.ISiloGrain"/> key is <paramref name="siloKey"/>.</summary>
    public static string Of(string modelId, string siloKey) => siloKey + Separator + modelId;

    /// <summary>The silo part of a model grain key, or the whole key when it names no model (a silo grain's key).</summary>
    public static string SiloOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var separator = key.IndexOf(Separator, StringComparison.Ordinal);
        return separator < 0 ? key : key[..separator];
    }

    /// <summary>The model part of a model grain key.</summary>
    public static string ModelOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key[(key.IndexOf(Separator, StringComparison.Ordinal) + 1)..];
    }
}
