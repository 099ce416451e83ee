using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Draining;

internal sealed class DrainOptionsValidator : IValidateOptions<DrainOptions>
{
    public ValidateOptionsResult Validate(string? name, DrainOptions options)
    {
        var errors = new List<string>();
        if (options.PassInterval <= TimeSpan.Zero)
        {
            errors.Add($"{DrainOptions.Section}:PassInterval must be positive (e.g. 00:00:02).");
        }

        if (options.MoveTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{DrainOptions.Section}:MoveTimeout must be positive (e.g. 00:01:30).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
