using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Store;

internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        var errors = new List<string>();
        if (!string.Equals(options.Provider, StoreProviders.InMemory, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(options.Provider, StoreProviders.PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{StoreOptions.Section}:Provider is '{options.Provider}'; set it to '{StoreProviders.InMemory}' or '{StoreProviders.PostgreSql}'.");
        }
        else if (string.Equals(options.Provider, StoreProviders.PostgreSql, StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add($"{StoreOptions.Section}:ConnectionString is required when {StoreOptions.Section}:Provider is '{StoreProviders.PostgreSql}' (e.g. 'Host=db;Username=cluster;Password=...;Database=cluster').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
