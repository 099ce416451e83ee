using System.Text.Json.Serialization;
using Cluster.Gateway.Dashboard;
using Cluster.Gateway.Nodes;
using Cluster.Grains.Sessions;
using Cluster.Grains.Silos;

namespace Cluster.Gateway.Api;

/// <summary>Source-generated JSON (snake_case, as the OpenAI API) for what the gateway itself answers.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ClusterModel))]
[JsonSerializable(typeof(ClusterModelList))]
[JsonSerializable(typeof(NodeView[]))]
[JsonSerializable(typeof(DrainReport))]
[JsonSerializable(typeof(UndrainView))]
[JsonSerializable(typeof(KeyView[]))]
[JsonSerializable(typeof(CreateKeyRequest))]
[JsonSerializable(typeof(CreatedKey))]
[JsonSerializable(typeof(ReadinessView))]
[JsonSerializable(typeof(SessionSummary[]))]
[JsonSerializable(typeof(SessionSummary))]
[JsonSerializable(typeof(DeletedSession))]
[JsonSerializable(typeof(DashboardView))]
[JsonSerializable(typeof(AddAdapterRequest))]
[JsonSerializable(typeof(AdapterChangesView))]
[JsonSerializable(typeof(NodeAddRequest))]
[JsonSerializable(typeof(Dictionary<string, NodeStatusView>))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
