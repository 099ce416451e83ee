using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Cluster;

internal sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        var errors = new List<string>();
        if (options.CheckInterval < TimeSpan.Zero)
        {
            errors.Add($"{HealthOptions.Section}:CheckInterval must not be negative; 00:00:00 turns the probe off.");
        }

        if (!options.CheckPath.StartsWith('/'))
        {
            errors.Add($"{HealthOptions.Section}:CheckPath must start with '/' (e.g. /health/ready).");
        }

        if (options.PassiveReactivationPeriod <= TimeSpan.Zero)
        {
            errors.Add($"{HealthOptions.Section}:PassiveReactivationPeriod must be positive (e.g. 00:00:05).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
