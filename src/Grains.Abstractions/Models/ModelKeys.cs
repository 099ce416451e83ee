namespace Cluster.Grains.Models;

/// <summary>The key of a <see cref="IModelGrain"/>: the model id and the silo it lives on.</summary>
public static class ModelKeys
{
    private const char Separator = '@';

    /// <summary>The grain key of model <paramref name="modelId"/> on the silo whose <see cref="Silos.ISiloGrain"/> key is <paramref name="siloKey"/>.</summary>
    public static string Of(string modelId, string siloKey) => modelId + Separator + siloKey;

    /// <summary>The silo part of a model grain key.</summary>
    public static string SiloOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key[(key.LastIndexOf(Separator) + 1)..];
    }

    /// <summary>The model part of a model grain key.</summary>
    public static string ModelOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key[..key.LastIndexOf(Separator)];
    }
}
