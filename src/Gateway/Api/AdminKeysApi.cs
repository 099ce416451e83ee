using System.Security.Cryptography;
using Cluster.Gateway.Auth;
using Cluster.Gateway.Errors;
using Cluster.Gateway.Usage;
using Cluster.Grains.Keys;

namespace Cluster.Gateway.Api;

/// <summary>/admin/keys: the cluster's API keys (in the <see cref="IApiKeysGrain"/>) with their usage (from each <see cref="IKeyUsageGrain"/>).</summary>
internal static class AdminKeysApi
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Maps list, create and remove onto the admin group.</summary>
    public static RouteGroupBuilder MapAdminKeysApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/keys", ListKeysAsync);
        admin.MapPost("/keys", CreateKeyAsync);
        admin.MapDelete("/keys/{id}", RemoveKeyAsync);
        return admin;
    }

    private static async Task<KeyView[]> ListKeysAsync(IGrainFactory grains, UsageRecorder recorder, CancellationToken cancellationToken)
    {
        // What this gateway counted so far is added first, so the totals include it.
        await recorder.FlushAsync(cancellationToken);
        var keys = await Registry(grains).ListAsync().WaitAsync(AnswerTimeout, cancellationToken);
        var usage = await Task.WhenAll(keys.Select(k => grains.GetGrain<IKeyUsageGrain>(k.Id).GetAsync().WaitAsync(AnswerTimeout, cancellationToken)));
        return [.. keys.Zip(usage, (k, u) => new KeyView(k.Id, k.Name, k.RequestsPerMinute, k.TokensPerMinute, k.CreatedAt, u.Requests, u.PromptTokens, u.CompletionTokens, u.CachedTokens))];
    }

    private static async Task<IResult> CreateKeyAsync(CreateKeyRequest body, IGrainFactory grains, ApiKeyResolver resolver, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (body.RequestsPerMinute < 0 || body.TokensPerMinute < 0)
        {
            return OpenAIErrorResult.BadRequest("Limits must not be negative (0 = unlimited).", body.RequestsPerMinute < 0 ? "requests_per_minute" : "tokens_per_minute");
        }

        var id = "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var key = "sk-cluster-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', 'a').Replace('/', 'b').TrimEnd('=');
        var name = string.IsNullOrWhiteSpace(body.Name) ? id : body.Name;
        var record = new ApiKeyRecord(id, name, ApiKeyHash.Compute(key), body.RequestsPerMinute, body.TokensPerMinute, timeProvider.GetUtcNow());
        if (!await Registry(grains).AddAsync(record).WaitAsync(AnswerTimeout, cancellationToken))
        {
            return new OpenAIErrorResult(StatusCodes.Status409Conflict, Contracts.OpenAI.OpenAIErrorTypes.InvalidRequest, $"A key with id '{id}' exists already; retry.", "key_exists");
        }

        resolver.Invalidate();
        return TypedResults.Created($"/admin/keys/{id}", new CreatedKey(id, name, key, body.RequestsPerMinute, body.TokensPerMinute));
    }

    private static async Task<IResult> RemoveKeyAsync(string id, IGrainFactory grains, ApiKeyResolver resolver, CancellationToken cancellationToken)
    {
        if (!await Registry(grains).RemoveAsync(id).WaitAsync(AnswerTimeout, cancellationToken))
        {
            return OpenAIErrorResult.NotFound($"No API key '{id}'.", "key_not_found");
        }

        resolver.Invalidate();
        return TypedResults.NoContent();
    }

    private static IApiKeysGrain Registry(IGrainFactory grains) => grains.GetGrain<IApiKeysGrain>(IApiKeysGrain.Registry);
}
