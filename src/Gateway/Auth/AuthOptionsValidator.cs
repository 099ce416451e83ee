using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Auth;

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        var keys = options.Keys ?? [];
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if (string.IsNullOrEmpty(key.Key) == string.IsNullOrEmpty(key.KeyHash))
            {
                errors.Add($"{AuthOptions.Section}:Keys:{i} needs exactly one of Key or KeyHash.");
            }

            if (key.KeyHash is { } hash && (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower)))
            {
                errors.Add($"{AuthOptions.Section}:Keys:{i}:KeyHash must be 64 lowercase hex digits (SHA-256 of the key).");
            }

            if (key.RequestsPerMinute < 0 || key.TokensPerMinute < 0)
            {
                errors.Add($"{AuthOptions.Section}:Keys:{i} limits must not be negative (0 = unlimited).");
            }
        }

        if ((options.Enabled || keys.Count > 0) && string.IsNullOrEmpty(options.AdminKey) && string.IsNullOrEmpty(options.AdminKeyHash))
        {
            // Otherwise anyone on the gateway's host could mint keys for a gateway whose callers need one.
            errors.Add($"{AuthOptions.Section}:AdminKey (or {AuthOptions.Section}:AdminKeyHash) must be set when {AuthOptions.Section}:Enabled is true or {AuthOptions.Section}:Keys lists keys: /admin would otherwise be open to every caller on the gateway's host.");
        }

        if (options.AdminKeyHash is { Length: > 0 } adminHash && (adminHash.Length != 64 || !adminHash.All(char.IsAsciiHexDigitLower)))
        {
            errors.Add($"{AuthOptions.Section}:AdminKeyHash must be 64 lowercase hex digits (SHA-256 of the admin key).");
        }

        if (options.CacheTtl < TimeSpan.Zero)
        {
            errors.Add($"{AuthOptions.Section}:CacheTtl must not be negative (e.g. 00:00:05).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
