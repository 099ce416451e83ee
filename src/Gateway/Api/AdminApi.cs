using System.Security.Cryptography;
using Cluster.Contracts.Store;
using Cluster.Gateway.Auth;
using Cluster.Gateway.Draining;
using Cluster.Gateway.Errors;
using Cluster.Gateway.Membership;
using Cluster.Gateway.Usage;

namespace Cluster.Gateway.Api;

/// <summary>Operator endpoints under /admin (admin key): nodes, drain (moving sessions off), sessions, API keys.</summary>
internal static class AdminApi
{
    /// <summary>Maps the admin endpoints onto <paramref name="admin"/>.</summary>
    public static RouteGroupBuilder MapAdminApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/nodes", ListNodes);
        admin.MapPost("/nodes/{id}/drain", DrainAsync);
        admin.MapPost("/nodes/{id}/undrain", UndrainAsync);
        admin.MapGet("/sessions", ListSessionsAsync);
        admin.MapDelete("/sessions/{**key}", RemoveSessionAsync);
        admin.MapGet("/keys", ListKeysAsync);
        admin.MapPost("/keys", CreateKeyAsync);
        admin.MapDelete("/keys/{id}", RemoveKeyAsync);
        return admin;
    }

    private static NodeView[] ListNodes(ClusterView view, SiloHealth health, SiloDrainer drainer, TimeProvider timeProvider)
    {
        var now = timeProvider.GetUtcNow();
        return [.. view.All.Select(s =>
        {
            var h = s.Record.Heartbeat;
            return new NodeView(s.Id, s.Address, h.Models, h.GpuName, h.GpuMemoryBytes, h.Slots, h.ActiveSequences, h.QueueDepth,
                h.KvTokensUsed, h.KvTokensCapacity, h.Sessions, s.Live, health.IsHealthy(s.Id), s.Draining, s.Record.LastHeartbeat,
                Math.Round((now - s.Record.LastHeartbeat).TotalSeconds, 3), s.Draining ? drainer.ProgressOf(s.Id) : null);
        })];
    }

    /// <summary>Marks the silo draining (no new sessions), then moves its sessions in a first pass and answers with the progress.</summary>
    private static async Task<IResult> DrainAsync(string id, IMembershipStore store, MembershipRefresher refresher, SiloDrainer drainer, CancellationToken cancellationToken)
    {
        if (!await SetDrainingAsync(id, true, store, refresher, cancellationToken))
        {
            return SiloNotFound(id);
        }

        return TypedResults.Ok(new DrainView(id, true, await drainer.DrainNowAsync(id, cancellationToken)));
    }

    private static async Task<IResult> UndrainAsync(string id, IMembershipStore store, MembershipRefresher refresher, CancellationToken cancellationToken) =>
        await SetDrainingAsync(id, false, store, refresher, cancellationToken) ? TypedResults.Ok(new DrainView(id, false, null)) : SiloNotFound(id);

    private static async Task<bool> SetDrainingAsync(string id, bool draining, IMembershipStore store, MembershipRefresher refresher, CancellationToken cancellationToken)
    {
        if (!await store.SetDrainingAsync(id, draining, cancellationToken))
        {
            return false;
        }

        // Apply at once rather than at the next refresh, so the caller's next request already sees it.
        await refresher.RefreshAsync(cancellationToken);
        return true;
    }

    private static OpenAIErrorResult SiloNotFound(string id) => OpenAIErrorResult.NotFound($"No silo '{id}' is known.", "silo_not_found");

    private static async Task<SessionEntry[]> ListSessionsAsync(ISessionDirectory directory, int? limit, CancellationToken cancellationToken) =>
        [.. await directory.ListSessionsAsync(Math.Clamp(limit ?? 100, 1, 10_000), cancellationToken)];

    private static async Task<IResult> RemoveSessionAsync(string key, ISessionDirectory directory, CancellationToken cancellationToken)
    {
        await directory.RemoveSessionAsync(key, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<KeyView[]> ListKeysAsync(IApiKeyStore keys, IUsageStore usage, UsageRecorder recorder, CancellationToken cancellationToken)
    {
        await recorder.FlushAsync(cancellationToken);
        var totals = await usage.ListUsageAsync(cancellationToken);
        return [.. (await keys.ListApiKeysAsync(cancellationToken)).Select(k =>
        {
            var u = totals.GetValueOrDefault(k.Id, TokenUsage.None);
            return new KeyView(k.Id, k.Name, k.RequestsPerMinute, k.TokensPerMinute, k.CreatedAt, u.Requests, u.PromptTokens, u.CompletionTokens, u.CachedTokens);
        })];
    }

    private static async Task<IResult> CreateKeyAsync(CreateKeyRequest body, IApiKeyStore keys, ApiKeyResolver resolver, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (body.RequestsPerMinute < 0 || body.TokensPerMinute < 0)
        {
            return OpenAIErrorResult.BadRequest("Limits must not be negative (0 = unlimited).", body.RequestsPerMinute < 0 ? "requests_per_minute" : "tokens_per_minute");
        }

        var id = "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var key = "sk-cluster-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', 'a').Replace('/', 'b').TrimEnd('=');
        var name = string.IsNullOrWhiteSpace(body.Name) ? id : body.Name;
        await keys.AddApiKeyAsync(new ApiKeyRecord(id, name, ApiKeyHash.Compute(key), body.RequestsPerMinute, body.TokensPerMinute, timeProvider.GetUtcNow()), cancellationToken);
        resolver.Invalidate();
        return TypedResults.Created($"/admin/keys/{id}", new CreatedKey(id, name, key, body.RequestsPerMinute, body.TokensPerMinute));
    }

    private static async Task<IResult> RemoveKeyAsync(string id, IApiKeyStore keys, ApiKeyResolver resolver, CancellationToken cancellationToken)
    {
        if (!await keys.RemoveApiKeyAsync(id, cancellationToken))
        {
            return OpenAIErrorResult.NotFound($"No API key '{id}'.", "key_not_found");
        }

        resolver.Invalidate();
        return TypedResults.NoContent();
    }
}
