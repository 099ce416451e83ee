using Cluster.Contracts.Membership;

namespace Cluster.Contracts.Store;

/// <summary>Silo membership: who is in the cluster, what it serves and how loaded it is.</summary>
public interface IMembershipStore
{
    /// <summary>Records a heartbeat stamped with the store's clock (inserting the silo on its first one); keeps the operator's draining mark.</summary>
    Task UpsertSiloAsync(SiloHeartbeat heartbeat, CancellationToken cancellationToken);

    /// <summary>Every known silo, live or not; callers judge liveness from <see cref="SiloRecord.LastHeartbeat"/>, which is on the reader's clock.</summary>
    Task<IReadOnlyList<SiloRecord>> ListSilosAsync(CancellationToken cancellationToken);

    /// <summary>Sets the operator's draining mark; false when the silo is unknown.</summary>
    Task<bool> SetDrainingAsync(string siloId, bool draining, CancellationToken cancellationToken);

    /// <summary>Forgets a silo (it left, or an operator removed it).</summary>
    Task RemoveSiloAsync(string siloId, CancellationToken cancellationToken);
}
