using System.Text.Json.Serialization;
using Cluster.Contracts.Store;

namespace Cluster.Gateway.Api;

/// <summary>Source-generated JSON (snake_case, as the OpenAI API) for what the gateway itself answers.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ClusterModel))]
[JsonSerializable(typeof(ClusterModelList))]
[JsonSerializable(typeof(NodeView[]))]
[JsonSerializable(typeof(DrainView))]
[JsonSerializable(typeof(KeyView[]))]
[JsonSerializable(typeof(CreateKeyRequest))]
[JsonSerializable(typeof(CreatedKey))]
[JsonSerializable(typeof(ReadinessView))]
[JsonSerializable(typeof(SessionEntry[]))]
[JsonSerializable(typeof(Cluster.Contracts.Sessions.SessionList))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
