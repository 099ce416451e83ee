namespace Cluster.Grains.Models;

/// <summary>
/// How long a cluster-wide runtime adapter change (<see cref="IModelAdaptersGrain"/>) may take (<c>Silo:AdapterChanges</c>).
/// The whole change must end inside Orleans' 30 s grain call timeout, or the gateway answers 503 while it goes on.
/// </summary>
public sealed class AdapterChangeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Silo:AdapterChanges";

    /// <summary>Most time the silos, asked at once, have to make the change (loading reads the file): one deadline for all.</summary>
    public TimeSpan SiloAnswerTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Most time the silos that made a change have to undo it when another failed.</summary>
    public TimeSpan UndoTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>The most both may add up to: Orleans' 30 s call timeout less time for the catalog refresh and the state write.</summary>
    public static readonly TimeSpan MostInAll = TimeSpan.FromSeconds(25);
}
