namespace Cluster.Grains.Silos;

/// <summary>The key of a silo's <see cref="ISiloGrain"/>: its Orleans address in parsable form.</summary>
public static class SiloKeys
{
    /// <summary>The grain key of the silo at <paramref name="silo"/>.</summary>
    public static string Of(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.ToParsableString();
    }
}
