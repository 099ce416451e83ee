using Microsoft.Extensions.Options;

namespace Cluster.Silo.Images;

/// <summary>Checks "Silo:Images" at start.</summary>
internal sealed class ImageOptionsValidator : IValidateOptions<ImageOptions>
{
    public ValidateOptionsResult Validate(string? name, ImageOptions options)
    {
        var errors = new List<string>();
        var at = ImageOptions.SectionName;
        if (options.MaxImageBytes < 1024)
        {
            errors.Add($"{at}:MaxImageBytes is {options.MaxImageBytes}; set it to 1024 or more (default 20971520)");
        }

        if (options.MaxImagesPerRequest < 1)
        {
            errors.Add($"{at}:MaxImagesPerRequest is {options.MaxImagesPerRequest}; set it to 1 or more (default 16)");
        }

        if (options.FetchTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{at}:FetchTimeout is {options.FetchTimeout}; set it to a positive time such as 00:00:10");
        }

        foreach (var host in options.AllowedHosts.Where(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{at}:AllowedHosts holds an empty entry '{host}'; give a host name, an address or a CIDR range");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
