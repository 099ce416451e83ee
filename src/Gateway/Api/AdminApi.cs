using Cluster.Gateway.Cluster;
using Cluster.Gateway.Dashboard;
using Cluster.Gateway.Errors;
using Cluster.Grains.Sessions;
using Cluster.Grains.Silos;

namespace Cluster.Gateway.Api;

/// <summary>Operator endpoints under /admin (admin key): nodes, drain (Orleans migrates the silo's sessions), sessions; keys in <see cref="AdminKeysApi"/>.</summary>
internal static class AdminApi
{
    // How long one silo may take to answer an operator's call before it is left out (lists) or reported (drain).
    private static readonly TimeSpan SiloAnswerTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Maps the admin endpoints onto <paramref name="admin"/>.</summary>
    public static RouteGroupBuilder MapAdminApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/nodes", ListNodes);
        admin.MapPost("/nodes/{name}/drain", DrainAsync);
        admin.MapPost("/nodes/{name}/undrain", UndrainAsync);
        admin.MapGet("/sessions", ListSessionsAsync);
        admin.MapGet("/sessions/{**key}", DescribeSessionAsync);
        admin.MapDelete("/sessions/{**key}", EndSessionAsync);
        admin.MapAdminKeysApi();
        admin.MapAdminAdaptersApi();
        admin.MapDashboardApi();
        return admin;
    }

    private static NodeView[] ListNodes(SiloCatalog catalog, SiloHealth health) => NodeView.ListOf(catalog, health);

    /// <summary>Marks the silo draining (placement sends it no new session) and has Orleans migrate its sessions; answers what moved and what stayed.</summary>
    private static async Task<IResult> DrainAsync(string name, SiloCatalog catalog, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (catalog.FindByName(name) is not { } silo)
        {
            return SiloNotFound(name);
        }

        var report = await grains.GetGrain<ISiloGrain>(silo.Address).DrainAsync(cancellationToken).WaitAsync(DrainTimeout, cancellationToken);
        await RefreshAsync(catalog, cancellationToken);
        return TypedResults.Ok(report);
    }

    private static async Task<IResult> UndrainAsync(string name, SiloCatalog catalog, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (catalog.FindByName(name) is not { } silo)
        {
            return SiloNotFound(name);
        }

        await grains.GetGrain<ISiloGrain>(silo.Address).UndrainAsync().WaitAsync(SiloAnswerTimeout, cancellationToken);
        await RefreshAsync(catalog, cancellationToken);
        return TypedResults.Ok(new UndrainView(name, Draining: false));
    }

    // Applied at once rather than at the next refresh, so the operator's next look already shows it.
    internal static async Task RefreshAsync(SiloCatalog catalog, CancellationToken cancellationToken)
    {
        try
        {
            await catalog.RefreshAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The background refresh catches up; the drain itself succeeded.
        }
    }

    private static OpenAIErrorResult SiloNotFound(string name) => OpenAIErrorResult.NotFound($"No silo named '{name}' is in the cluster.", "silo_not_found");

    private static async Task<SessionSummary[]> ListSessionsAsync(SiloCatalog catalog, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var lists = await Task.WhenAll(catalog.Silos.Select(silo => SessionsOfAsync(grains, silo, cancellationToken)));
        return [.. lists.SelectMany(list => list).OrderBy(s => s.Key, StringComparer.Ordinal)];
    }

    private static async Task<IReadOnlyList<SessionSummary>> SessionsOfAsync(IGrainFactory grains, SiloInfo silo, CancellationToken cancellationToken)
    {
        try
        {
            return await grains.GetGrain<ISiloGrain>(silo.Address).ListSessionsAsync(cancellationToken).WaitAsync(SiloAnswerTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // A silo dying right now: its sessions show up again where Orleans re-places them.
            return [];
        }
    }

    /// <summary>One session as <see cref="ListSessionsAsync"/> shows it, wherever it lives (its grain, activated from stored state if no silo holds it).</summary>
    private static async Task<IResult> DescribeSessionAsync(string key, IGrainFactory grains, CancellationToken cancellationToken) =>
        await grains.GetGrain<ISessionGrain>(key).DescribeAsync().WaitAsync(SiloAnswerTimeout, cancellationToken) is { Model.Length: > 0 } session
            ? TypedResults.Ok(session)
            : OpenAIErrorResult.NotFound($"No session '{key}'.", "session_not_found");

    /// <summary>Ends any session (an operator's end: no owner check), wherever it lives.</summary>
    private static async Task<IResult> EndSessionAsync(string key, IGrainFactory grains, CancellationToken cancellationToken) =>
        await grains.GetGrain<ISessionGrain>(key).EndAsync(null).WaitAsync(SiloAnswerTimeout, cancellationToken)
            ? TypedResults.NoContent()
            : OpenAIErrorResult.NotFound($"No session '{key}'.", "session_not_found");
}
