using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Forwarding;

internal sealed class ForwardingOptionsValidator : IValidateOptions<ForwardingOptions>
{
    public ValidateOptionsResult Validate(string? name, ForwardingOptions options)
    {
        var errors = new List<string>();
        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{ForwardingOptions.Section}:ConnectTimeout must be positive (e.g. 00:00:02).");
        }

        if (options.ActivityTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{ForwardingOptions.Section}:ActivityTimeout must be positive (e.g. 00:10:00).");
        }

        if (options.StreamIdleTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{ForwardingOptions.Section}:StreamIdleTimeout must be positive (e.g. 00:01:00).");
        }

        if (options.CaptureLimitBytes < 1024)
        {
            errors.Add($"{ForwardingOptions.Section}:CaptureLimitBytes must be at least 1024 (e.g. 4194304).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
