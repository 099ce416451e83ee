using SessionOptions = Cluster.Grains.Sessions.SessionOptions;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Sessions;

/// <summary>Checks the session settings at start; every message names the setting to change.</summary>
internal sealed class SessionOptionsValidator : IValidateOptions<SessionOptions>
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Silo:Sessions";

    public ValidateOptionsResult Validate(string? name, SessionOptions options)
    {
        var errors = new List<string>();
        if (options.IdleTimeToLive <= SessionOptions.MinimumIdleTimeToLive)
        {
            errors.Add($"{SectionName}:IdleTimeToLive is {options.IdleTimeToLive}; set it above {SessionOptions.MinimumIdleTimeToLive} (Orleans collects idle activations once a minute), such as 00:30:00");
        }

        if (options.HandoverTurnWait <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:HandoverTurnWait is {options.HandoverTurnWait}; set it to a positive time such as 00:00:10");
        }

        if (options.MaxStoredImageBytes < 0)
        {
            errors.Add($"{SectionName}:MaxStoredImageBytes is {options.MaxStoredImageBytes}; set it to 0 (keep no images) or more, such as 33554432");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
