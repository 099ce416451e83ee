using Microsoft.Extensions.Options;

namespace Cluster.Silo.Membership;

internal sealed class ClusterMembershipOptionsValidator : IValidateOptions<ClusterMembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        var errors = new List<string>();
        if (options.GatewayUrl is { } gateway && !IsHttpUrl(gateway))
        {
            errors.Add($"{ClusterMembershipOptions.Section}:GatewayUrl '{gateway}' is not an absolute http(s) URL (e.g. http://gateway:8080).");
        }

        if (options.AdvertisedUrl is { } advertised && !IsHttpUrl(advertised))
        {
            errors.Add($"{ClusterMembershipOptions.Section}:AdvertisedUrl '{advertised}' is not an absolute http(s) URL (e.g. http://10.0.0.5:8081).");
        }

        if (options.HeartbeatInterval <= TimeSpan.Zero)
        {
            errors.Add($"{ClusterMembershipOptions.Section}:HeartbeatInterval must be positive (e.g. 00:00:01).");
        }

        if (options.GpuMemoryBytes < 0)
        {
            errors.Add($"{ClusterMembershipOptions.Section}:GpuMemoryBytes must not be negative.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
