using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Requests;

internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var errors = new List<string>();
        if (options.MaxRequestBodyBytes <= 0)
        {
            errors.Add($"{LimitsOptions.Section}:MaxRequestBodyBytes must be positive (e.g. 1048576).");
        }

        if (options.DefaultMaxTokens <= 0)
        {
            errors.Add($"{LimitsOptions.Section}:DefaultMaxTokens must be positive (e.g. 256).");
        }

        if (options.MaxPrefixMessages <= 0)
        {
            errors.Add($"{LimitsOptions.Section}:MaxPrefixMessages must be positive (e.g. 64).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
