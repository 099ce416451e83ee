namespace Cluster.Gateway.Auth;

/// <summary>Who is calling: the API key's id and limits (an "anonymous" identity when auth is off).</summary>
/// <param name="Id">The key id usage is counted under.</param>
/// <param name="Name">What the key is for.</param>
/// <param name="RequestsPerMinute">Most requests per minute; 0 = unlimited.</param>
/// <param name="TokensPerMinute">Most tokens per minute; 0 = unlimited.</param>
public sealed record ApiKeyIdentity(string Id, string Name, int RequestsPerMinute, int TokensPerMinute);
