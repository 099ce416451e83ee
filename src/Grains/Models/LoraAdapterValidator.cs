using System.Text.RegularExpressions;

namespace Cluster.Grains.Models;

/// <summary>Checks one LoRA adapter's settings; every message names the setting.</summary>
public static partial class LoraAdapterValidator
{
    /// <summary>Adds what is wrong with the adapter at <paramref name="key"/> (e.g. "Silo:Models:0:Adapters:1").</summary>
    public static void Validate(LoraAdapterOptions adapter, string key, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(errors);
        if (!NamePattern().IsMatch(adapter.Name))
        {
            errors.Add($"{key}:Name is '{adapter.Name}'; use letters, digits, '-', '_' and '.' (requests name it as 'model:{(adapter.Name.Length == 0 ? "name" : adapter.Name)}')");
        }

        if (string.IsNullOrWhiteSpace(adapter.Path))
        {
            errors.Add($"{key}:Path is not set; set it to a GGUF LoRA adapter file (create one with 'cluster-silo create-model --lora -o FILE')");
        }
        else if (!File.Exists(adapter.Path))
        {
            errors.Add($"{key}:Path '{adapter.Path}' does not exist; set it to a GGUF LoRA adapter file");
        }

        if (!float.IsFinite(adapter.Scale) || adapter.Scale <= 0)
        {
            errors.Add($"{key}:Scale is {adapter.Scale}; set it above 0 (1 applies the adapter as trained)");
        }

        foreach (var alias in adapter.Aliases.Where(alias => string.IsNullOrWhiteSpace(alias) || alias.Any(char.IsWhiteSpace)))
        {
            errors.Add($"{key}:Aliases holds '{alias}'; an alias is a model name without spaces");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex NamePattern();
}
