using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Routing;

// Policy names are checked by SiloRouter at start: the policies themselves depend on these options.
internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var errors = new List<string>();
        if (options.PrefixLoadMargin < 0)
        {
            errors.Add($"{RoutingOptions.Section}:PrefixLoadMargin must not be negative (e.g. 0.5 = half the slots).");
        }

        if (options.PrefixTableCapacity < 16)
        {
            errors.Add($"{RoutingOptions.Section}:PrefixTableCapacity must be at least 16 (e.g. 100000).");
        }

        if (options.MaxAttempts < 1)
        {
            errors.Add($"{RoutingOptions.Section}:MaxAttempts must be at least 1 (e.g. 3).");
        }

        if (options.SessionRecoveryTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{RoutingOptions.Section}:SessionRecoveryTimeout must be positive (e.g. 00:00:10).");
        }

        if (options.SessionCacheSize < 1 || options.SessionCacheIdle <= TimeSpan.Zero)
        {
            errors.Add($"{RoutingOptions.Section}:SessionCacheSize and SessionCacheIdle must be positive (e.g. 100000 and 00:01:00).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
