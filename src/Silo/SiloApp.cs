using Cluster.Grains.Telemetry;
using Cluster.Inference.Native;
using Cluster.Inference.Telemetry;
using Cluster.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace Cluster.Silo;

/// <summary>The silo's host: configuration, model hosts, the Orleans silo with its grains, telemetry, the OpenAI API, health and OpenAPI.</summary>
public static class SiloApp
{
    /// <summary>
    /// Builds the host. <paramref name="args"/> are configuration keys (--Silo:Models:0:Path=FILE, --urls=…) or the short
    /// switches --model, --parallel, --ctx, --gpu, --port; CLUSTER_* and Silo__* environment variables and appsettings.json apply too.
    /// </summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SiloApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddSiloConfiguration(args);
        builder.AddSilo();
        builder.AddClusterSilo();
        builder.Services.AddClusterTelemetry(builder.Configuration, "cluster-silo", [SiloMetrics.MeterName, InferenceTelemetry.Name], [InferenceTelemetry.Name]);
        var app = builder.Build();
        app.UseSilo();
        return app;
    }

    /// <summary>Builds and runs the host until it is stopped; returns 2 with the reason on stderr when the configuration is wrong.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var app = Build(args);
            await using (app.ConfigureAwait(false))
            {
                await app.RunAsync().ConfigureAwait(false);
            }

            return 0;
        }
        catch (OperationCanceledException)
        {
            // SIGTERM while the silo was still joining the cluster: nothing was served yet.
            return 0;
        }
        catch (OptionsValidationException error)
        {
            await Console.Error.WriteLineAsync("cluster-silo: " + string.Join(Environment.NewLine + "cluster-silo: ", error.Failures)).ConfigureAwait(false);
            return 2;
        }
        catch (LlamaLibraryNotFoundException error)
        {
            await Console.Error.WriteLineAsync("cluster-silo: " + error.Message).ConfigureAwait(false);
            return 2;
        }
        catch (IOException error) when (error.InnerException is System.Net.Sockets.SocketException)
        {
            await Console.Error.WriteLineAsync($"cluster-silo: cannot listen: {error.Message}; pick another port (--port N or --urls)").ConfigureAwait(false);
            return 2;
        }
    }
}
