using Cluster.Contracts.Store;
using Cluster.Gateway.Store;

namespace Cluster.Gateway.Tests.Store;

public sealed class InMemoryClusterStoreTests : ClusterStoreContract
{
    protected override Task<IClusterStore> CreateStoreAsync() => Task.FromResult<IClusterStore>(new InMemoryClusterStore());
}
