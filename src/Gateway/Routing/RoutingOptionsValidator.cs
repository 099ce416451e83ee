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

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
