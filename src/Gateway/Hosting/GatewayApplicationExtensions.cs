using Cluster.Gateway.Api;
using Cluster.Gateway.Auth;
using Cluster.Gateway.Errors;
using Cluster.Gateway.Forwarding;
using Cluster.Gateway.RateLimiting;
using Microsoft.Extensions.Options;

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

    /// <summary>Maps health, the OpenAI surface (/v1, forwarded to silos) and /admin.</summary>
    public static WebApplication MapClusterGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthApi();

        var v1 = app.MapGroup("/v1");
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (auth.Enabled || auth.AnonymousRequestsPerMinute > 0 || auth.AnonymousTokensPerMinute > 0)
        {
            // An open gateway without limits has no caller to identify or count: it skips this per-request work.
            v1.RequireAuthorization(ClusterAuthSchemes.ApiKey).RequireRateLimiting(RequestRateLimiting.PerKeyPolicy);
        }

        v1.MapModelsApi();
        var forwarder = app.Services.GetRequiredService<SiloForwarder>();
        v1.Map("/{**path}", forwarder.InvokeAsync);

        app.MapGroup("/admin").RequireAuthorization(ClusterAuthSchemes.Admin).MapAdminApi();

        // No YARP routes: requests reach silos through SiloForwarder; this starts YARP's config and health checks.
        app.MapReverseProxy();
        return app;
    }
}
