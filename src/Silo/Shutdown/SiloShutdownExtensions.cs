using Cluster.Silo.Shutdown;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the silo's graceful shutdown.</summary>
public static class SiloShutdownExtensions
{
    /// <summary>
    /// Adds the SIGTERM drain ("Silo:Shutdown", validated on start) and gives the host <c>DrainTimeout + LeaveTimeout</c> to
    /// stop. Call <c>UseInFlightRequests</c> first in the pipeline so the drain sees every running request.
    /// </summary>
    public static IServiceCollection AddSiloShutdown(this IServiceCollection services)
    {
        services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ShutdownOptions>, ShutdownOptionsValidator>();
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
            host.ShutdownTimeout = shutdown.Value.DrainTimeout + shutdown.Value.LeaveTimeout);
        services.AddSingleton<InFlightRequests>();
        services.AddHostedService<SiloShutdown>();
        return services;
    }

    /// <summary>Counts the data-plane requests in flight for the shutdown drain.</summary>
    public static IApplicationBuilder UseInFlightRequests(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var requests = app.ApplicationServices.GetRequiredService<InFlightRequests>();
        return app.Use(requests.TrackAsync);
    }
}
