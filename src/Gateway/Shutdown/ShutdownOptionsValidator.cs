using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Shutdown;

internal sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options) =>
        options.Timeout < TimeSpan.Zero || options.Timeout > TimeSpan.FromHours(1)
            ? ValidateOptionsResult.Fail($"{ShutdownOptions.Section}:Timeout is {options.Timeout}; set it between 00:00:00 and 01:00:00 (default 00:00:30).")
            : ValidateOptionsResult.Success;
}
