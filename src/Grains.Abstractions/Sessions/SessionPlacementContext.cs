namespace Cluster.Grains.Sessions;

/// <summary>The request-context entry through which a caller tells session placement which model a new session needs.</summary>
public static class SessionPlacementContext
{
    /// <summary>The <see cref="RequestContext"/> key holding the model id.</summary>
    public const string ModelKey = "cluster.model";
}
