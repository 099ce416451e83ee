using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Nodes;

internal sealed class ExternalNodeOptionsValidator : IValidateOptions<ExternalNodeOptions>
{
    public ValidateOptionsResult Validate(string? name, ExternalNodeOptions options)
    {
        var errors = new List<string>();
        if (options.CheckInterval <= TimeSpan.Zero)
        {
            errors.Add($"{ExternalNodeOptions.Section}:CheckInterval must be positive (e.g. 00:00:05).");
        }

        if (options.ProbeTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{ExternalNodeOptions.Section}:ProbeTimeout must be positive (e.g. 00:00:03).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
