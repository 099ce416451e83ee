using Microsoft.Extensions.Options;

namespace Cluster.Grains.Models;

/// <summary>Checks <see cref="AdapterChangeOptions"/> at start, naming the setting to change.</summary>
internal sealed class AdapterChangeOptionsValidator : IValidateOptions<AdapterChangeOptions>
{
    public ValidateOptionsResult Validate(string? name, AdapterChangeOptions options)
    {
        var errors = new List<string>();
        if (options.SiloAnswerTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{AdapterChangeOptions.Section}:SiloAnswerTimeout is {options.SiloAnswerTimeout}; set it to a positive time such as 00:00:15");
        }

        if (options.UndoTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{AdapterChangeOptions.Section}:UndoTimeout is {options.UndoTimeout}; set it to a positive time such as 00:00:08");
        }

        if (options.SiloAnswerTimeout + options.UndoTimeout > AdapterChangeOptions.MostInAll)
        {
            errors.Add($"{AdapterChangeOptions.Section}:SiloAnswerTimeout + UndoTimeout is {options.SiloAnswerTimeout + options.UndoTimeout}; "
                + $"keep it at most {AdapterChangeOptions.MostInAll} so that a change ends inside Orleans' 30 s grain call timeout");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
