using Cluster.Grains.Telemetry;
using Cluster.Silo.Apis;
using Cluster.Silo.Cluster;
using Cluster.Silo.Errors;
using Cluster.Silo.Models;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The silo's request pipeline and endpoints.</summary>
public static class SiloApplicationExtensions
{
    /// <summary>Counts requests in flight (for the shutdown drain), adds OpenAI-shaped errors (exceptions and bodiless status codes), the cluster credential check (everything but health and /metrics), Swagger UI at the root, OpenAPI, health, /metrics, the OpenAI API, the interactive API, LMDeploy's encode API, embeddings and the KV hand-over endpoint.</summary>
    public static WebApplication UseSilo(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseInFlightRequests();

        // OpenAIExceptionHandler answers every exception; the delegate is the middleware's required fallback.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = context => OpenAIErrors.WriteAsync(context, OpenAIErrors.ServerError()) });
        app.UseStatusCodePages(context => OpenAIErrors.WriteAsync(context.HttpContext, OpenAIErrors.ForStatusCode(context.HttpContext)));
        app.UseMiddleware<ClusterCredentialMiddleware>();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "Cluster silo");
            options.RoutePrefix = string.Empty;
            options.DocumentTitle = "Cluster silo";
        });

        app.MapOpenApi();
        app.MapClusterMetrics();

        // Created now, so its gauges report from the first scrape rather than from the first session.
        _ = app.Services.GetRequiredService<SiloMetrics>();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = ReadinessResponse.WriteAsync });
        app.MapModelsApi();
        app.MapChatCompletionsApi();
        app.MapCompletionsApi();
        app.MapInteractiveApi();
        app.MapEncodeApi();
        app.MapEmbeddingsApi();
        app.MapKvApi();
        return app;
    }
}
