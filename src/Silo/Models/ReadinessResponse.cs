using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cluster.Silo.Models;

/// <summary>
/// Writes /health/ready as JSON: <c>{"status":"Healthy","models":{"tiny":{"status":"Ready","scheduler_restarts":0,"failure_reason":null}}}</c>
/// (200 when every model is Ready, else 503, as before).
/// </summary>
internal static class ReadinessResponse
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("models");
        foreach (var (model, value) in report.Entries.Values.SelectMany(entry => entry.Data))
        {
            if (value is ModelHealth health)
            {
                json.WriteStartObject(model);
                json.WriteString("status", health.Status);
                json.WriteNumber("scheduler_restarts", health.SchedulerRestarts);
                json.WriteString("failure_reason", health.FailureReason);
                json.WriteEndObject();
            }
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
