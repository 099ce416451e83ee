using Microsoft.Extensions.Options;

namespace Cluster.Telemetry;

/// <summary>Checks the "Telemetry" settings at start.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new List<string>();
        if (options.OtlpEndpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            errors.Add($"{TelemetryOptions.Section}:OtlpEndpoint must be an absolute http(s) URL such as http://collector:4317; it is '{endpoint}'.");
        }

        if (options.TraceSampleRatio is < 0 or > 1 || double.IsNaN(options.TraceSampleRatio))
        {
            errors.Add($"{TelemetryOptions.Section}:TraceSampleRatio must be between 0 and 1; it is {options.TraceSampleRatio}.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
