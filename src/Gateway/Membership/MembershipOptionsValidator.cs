using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Membership;

internal sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        var errors = new List<string>();
        if (options.HeartbeatTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{MembershipOptions.Section}:HeartbeatTimeout must be positive (e.g. 00:00:03).");
        }

        if (options.RefreshInterval <= TimeSpan.Zero || options.RefreshInterval >= options.HeartbeatTimeout)
        {
            errors.Add($"{MembershipOptions.Section}:RefreshInterval must be positive and shorter than HeartbeatTimeout (e.g. 00:00:00.250).");
        }

        if (options.ForgetAfter != TimeSpan.Zero && options.ForgetAfter <= options.HeartbeatTimeout)
        {
            errors.Add($"{MembershipOptions.Section}:ForgetAfter must be longer than HeartbeatTimeout (e.g. 00:10:00); 00:00:00 keeps every silo's row.");
        }

        if (options.HealthCheckInterval < TimeSpan.Zero)
        {
            errors.Add($"{MembershipOptions.Section}:HealthCheckInterval must not be negative; 00:00:00 turns the probe off.");
        }

        if (!options.HealthCheckPath.StartsWith('/'))
        {
            errors.Add($"{MembershipOptions.Section}:HealthCheckPath must start with '/' (e.g. /health/ready).");
        }

        if (options.PassiveReactivationPeriod <= TimeSpan.Zero)
        {
            errors.Add($"{MembershipOptions.Section}:PassiveReactivationPeriod must be positive (e.g. 00:00:05).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
