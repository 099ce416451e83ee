using System.Text.Json.Serialization;

namespace Cluster.Contracts.Membership;

/// <summary>Source-generated JSON (snake_case) for the membership wire types.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SiloHeartbeat))]
public sealed partial class MembershipJsonContext : JsonSerializerContext;
