using Microsoft.Extensions.Options;

namespace Cluster.Silo.Shutdown;

/// <summary>Checks "Silo:Shutdown" at start; every message names the setting to change.</summary>
internal sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options)
    {
        var errors = new List<string>();
        if (options.DrainTimeout < TimeSpan.Zero || options.DrainTimeout > TimeSpan.FromHours(1))
        {
            errors.Add($"{ShutdownOptions.Section}:DrainTimeout is {options.DrainTimeout}; set it between 00:00:00 and 01:00:00 (default 00:00:30)");
        }

        if (options.LeaveTimeout < TimeSpan.FromSeconds(1) || options.LeaveTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{ShutdownOptions.Section}:LeaveTimeout is {options.LeaveTimeout}; set it between 00:00:01 and 00:10:00 (default 00:00:15)");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
