using Cluster.Gateway.Api;
using Cluster.Gateway.Auth;
using Cluster.Gateway.Dashboard;
using Cluster.Gateway.Errors;
using Cluster.Gateway.Forwarding;
using Cluster.Gateway.RateLimiting;
using Cluster.Gateway.Ui;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The gateway's middleware and endpoints.</summary>
public static class GatewayApplicationExtensions
{
    /// <summary>Adds error shaping, authentication, authorization and rate limiting, in that order.</summary>
    public static WebApplication UseClusterGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<ErrorShapeMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// Runs the gateway until SIGTERM (or Ctrl-C). A gateway stopped before its Orleans client reached any silo has nothing in flight:
    /// the cancelled start ends the run instead of escaping as an unhandled exception (which aborted the process with a core dump).
    /// </summary>
    public static async Task RunClusterGatewayAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            await app.RunAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Only a stop (SIGTERM, Ctrl-C) cancels the start: RunAsync is given no token of ours.
        }
    }

    /// <summary>Maps health, /metrics, the pages (/ → /playground, /dashboard, Swagger UI at /swagger), the OpenAI surface (/v1, forwarded to silos and external nodes), /admin, LMDeploy's /nodes and the Orleans dashboard.</summary>
    public static WebApplication MapClusterGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthApi();
        app.MapClusterMetrics();
        app.MapUiPages();
        app.MapOpenApi();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "Cluster gateway");
            options.RoutePrefix = "swagger";
            options.DocumentTitle = "Cluster gateway";
        });

        var v1 = app.MapGroup("/v1");
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (auth.Enabled || auth.AnonymousRequestsPerMinute > 0 || auth.AnonymousTokensPerMinute > 0)
        {
            // An open gateway without limits has no caller to identify or count: it skips this per-request work.
            v1.RequireAuthorization(ClusterAuthSchemes.ApiKey).RequireRateLimiting(RequestRateLimiting.PerKeyPolicy);
        }

        v1.MapModelsApi();
        v1.MapSessionsApi();
        var forwarder = app.Services.GetRequiredService<SiloForwarder>();
        v1.Map("/{**path}", forwarder.InvokeAsync);

        app.MapGroup("/admin").RequireAuthorization(ClusterAuthSchemes.Admin).MapAdminApi();
        app.MapGroup("/nodes").RequireAuthorization(ClusterAuthSchemes.Admin).MapNodesApi();
        if (app.Services.GetRequiredService<OrleansDashboardLink>().Path is not null)
        {
            app.MapOrleansDashboard(DashboardApi.OrleansDashboardPath).RequireAuthorization(ClusterAuthSchemes.Admin);
        }

        // No YARP routes: requests reach silos through SiloForwarder; this starts YARP's config and health checks.
        app.MapReverseProxy();
        return app;
    }
}
