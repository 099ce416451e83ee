using Cluster.Grains.Sessions;
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
        if (options.IdleTimeToLive <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:IdleTimeToLive is {options.IdleTimeToLive}; set it to a positive time such as 00:30:00");
        }

        if (options.MaxSessions < 1)
        {
            errors.Add($"{SectionName}:MaxSessions is {options.MaxSessions}; set it to 1 or more (default 10000)");
        }

        foreach (var (key, value) in new[] { ("HandoverTurnWait", options.HandoverTurnWait), ("HandoverFenceLease", options.HandoverFenceLease), ("MovedAwayRefusal", options.MovedAwayRefusal) })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{SectionName}:{key} is {value}; set it to a positive time such as 00:00:30");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
