using Microsoft.Extensions.Options;
using Npgsql;

namespace Cluster.Silo.Membership;

internal sealed class ClusterMembershipOptionsValidator : IValidateOptions<ClusterMembershipOptions>
{
    private const string Section = ClusterMembershipOptions.Section;

    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        var errors = new List<string>();
        if (options.GatewayUrl is not null && options.PostgreSql is not null)
        {
            errors.Add($"{Section}:GatewayUrl and {Section}:PostgreSql are both set; set only one: GatewayUrl to heartbeat into a gateway (in-memory store), PostgreSql to write heartbeats into the gateways' PostgreSQL store.");
        }

        if (options.GatewayUrl is { } gateway && !IsHttpUrl(gateway))
        {
            errors.Add($"{Section}:GatewayUrl '{gateway}' is not an absolute http(s) URL (e.g. http://gateway:8080).");
        }

        if (options.PostgreSql is { } connectionString && ConnectionStringProblem(connectionString) is { } problem)
        {
            // The connection string itself is not echoed: it may hold a password.
            errors.Add($"{Section}:PostgreSql is not a usable Npgsql connection string ({problem}); set it like the gateways' Gateway:Store:ConnectionString, e.g. 'Host=db;Username=cluster;Password=...;Database=cluster'.");
        }

        if (options.AdvertisedUrl is { } advertised && !IsHttpUrl(advertised))
        {
            errors.Add($"{Section}:AdvertisedUrl '{advertised}' is not an absolute http(s) URL (e.g. http://10.0.0.5:8081).");
        }

        if (options.HeartbeatInterval <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:HeartbeatInterval must be positive (e.g. 00:00:01).");
        }

        if (options.GpuMemoryBytes < 0)
        {
            errors.Add($"{Section}:GpuMemoryBytes must not be negative.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string? ConnectionStringProblem(string value)
    {
        try
        {
            return string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(value).Host) ? "it names no Host" : null;
        }
        catch (ArgumentException ex)
        {
            // Npgsql's own text for a bad keyword ("Couldn't set hots") hides whether the name or the value is wrong.
            return ex.ParamName is { } keyword ? $"'{keyword}' is an unknown keyword or has a bad value" : ex.Message;
        }
    }
}
