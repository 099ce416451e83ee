using Cluster.Grains.Models;
using Cluster.Inference.Scheduling;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Configuration;

/// <summary>Checks the silo's settings at start; every message names the setting to change.</summary>
internal sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        var errors = new List<string>();
        if (options.Models.Count == 0)
        {
            errors.Add("Silo:Models is empty; set Silo:Models:0:Path to a GGUF file (or pass --model PATH)");
        }

        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Models.Count; i++)
        {
            ValidateModel(options.Models[i], $"Silo:Models:{i}", errors);
            if (!string.IsNullOrWhiteSpace(options.Models[i].Path) && !owners.TryAdd(options.Models[i].ResolvedModelId, i))
            {
                errors.Add($"Silo:Models:{i}:ModelId '{options.Models[i].ResolvedModelId}' is already used by Silo:Models:{owners[options.Models[i].ResolvedModelId]}; set a distinct Silo:Models:{i}:ModelId");
            }
        }

        ValidateAdapterNames(options, errors);
        if (options.MaxRequestBodyBytes < 1024)
        {
            errors.Add($"Silo:MaxRequestBodyBytes is {options.MaxRequestBodyBytes}; set it to 1024 or more (default 33554432)");
        }

        if (options.AdapterSyncPeriod <= TimeSpan.Zero)
        {
            errors.Add($"Silo:AdapterSyncPeriod is {options.AdapterSyncPeriod}; set it to a positive time such as 00:00:05");
        }

        if (options.FailedModelRetry <= TimeSpan.Zero)
        {
            errors.Add($"Silo:FailedModelRetry is {options.FailedModelRetry}; set it to a positive time such as 00:00:30");
        }

        if (options.LlamaLibraryDirectory is { Length: > 0 } folder && !Directory.Exists(folder))
        {
            errors.Add($"Silo:LlamaLibraryDirectory '{folder}' does not exist; set it to the folder holding libllama.so, or remove it to use the bundled CPU build");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateModel(ModelHostOptions model, string key, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(model.Path))
        {
            errors.Add($"{key}:Path is not set; set it to a GGUF file (or pass --model PATH)");
        }
        else if (!File.Exists(model.Path))
        {
            errors.Add($"{key}:Path '{model.Path}' does not exist; set it to a GGUF file (create one with 'cluster-silo create-model -o FILE')");
        }

        if (model.Projector is { Length: > 0 } projector && !File.Exists(projector))
        {
            errors.Add($"{key}:Projector '{projector}' does not exist; set it to a vision projector (mmproj) GGUF (create one with 'cluster-silo create-model --mmproj FILE'), or remove it");
        }

        var scheduler = model.Scheduler;
        var at = $"{key}:Scheduler";
        Check(errors, scheduler.Sequences >= 1, $"{at}:Sequences is {scheduler.Sequences}; set it to 1 or more (--parallel N)");
        Check(errors, scheduler.ContextPerSequence >= 64, $"{at}:ContextPerSequence is {scheduler.ContextPerSequence}; set it to 64 or more (--ctx N)");
        Check(errors, model.MainGpu >= 0, $"{key}:MainGpu is {model.MainGpu}; set it to a GPU index, 0 or more (--gpu N)");
        Check(errors, model.GpuLayers >= -1, $"{key}:GpuLayers is {model.GpuLayers}; set it to -1 (all layers), 0 (CPU only) or a layer count");
        Check(errors, scheduler.StepTokenBudget >= scheduler.Sequences, $"{at}:StepTokenBudget is {scheduler.StepTokenBudget}; set it to at least Sequences ({scheduler.Sequences})");
        Check(errors, scheduler.MicroBatchSize >= 1, $"{at}:MicroBatchSize is {scheduler.MicroBatchSize}; set it to 1 or more (default 2048)");
        Check(errors, scheduler.AdapterStepsPerTurn >= 1, $"{at}:AdapterStepsPerTurn is {scheduler.AdapterStepsPerTurn}; set it to 1 or more (1 switches adapter groups every step)");
        Check(errors, scheduler.MaxChoices >= 1, $"{at}:MaxChoices is {scheduler.MaxChoices}; set it to 1 or more (1 refuses n > 1)");
        Check(errors, scheduler.QueueCapacity >= 1, $"{at}:QueueCapacity is {scheduler.QueueCapacity}; set it to 1 or more");
        Check(errors, scheduler.SessionHostBudgetBytes >= 0, $"{at}:SessionHostBudgetBytes is {scheduler.SessionHostBudgetBytes}; set it to 0 (drop evicted sessions) or more bytes");
        Check(errors, model.RetryAfter > TimeSpan.Zero, $"{key}:RetryAfter is {model.RetryAfter}; set it to a positive time such as 00:00:01");
        Check(errors, scheduler.Threads is null or >= 1, $"{at}:Threads is {scheduler.Threads}; set it to 1 or more, or remove it to size threads from the cores");
        Check(errors, scheduler.SamplingThreads is null or >= 1, $"{at}:SamplingThreads is {scheduler.SamplingThreads}; set it to 1 or more, or remove it to take one per core");
        Check(errors, (scheduler.BackendSamplingFor & ~(BackendSamplingScope.Greedy | BackendSamplingScope.TopK)) == 0,
            $"{at}:BackendSamplingFor is {scheduler.BackendSamplingFor}; set it to None, Greedy, TopK or \"Greedy, TopK\"");
        Check(errors, model.ModelId is null || model.ModelId.Length > 0, $"{key}:ModelId is empty; set a name or remove it to use the file name");
        GpuPlacementValidator.Validate(model, key, errors);
        for (var j = 0; j < model.Adapters.Count; j++)
        {
            LoraAdapterValidator.Validate(model.Adapters[j], $"{key}:Adapters:{j}", errors);
        }
    }

    // Every name a request may use (model ids, "model:adapter", aliases) selects one thing on the silo.
    private static void ValidateAdapterNames(SiloOptions options, List<string> errors)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Models.Count; i++)
        {
            names.TryAdd(options.Models[i].ResolvedModelId, $"Silo:Models:{i}");
        }

        for (var i = 0; i < options.Models.Count; i++)
        {
            var model = options.Models[i];
            for (var j = 0; j < model.Adapters.Count; j++)
            {
                var key = $"Silo:Models:{i}:Adapters:{j}";
                foreach (var (name, setting) in model.Adapters[j].Aliases.Select(alias => (alias, $"{key}:Aliases")).Prepend(($"{model.ResolvedModelId}:{model.Adapters[j].Name}", $"{key}:Name")))
                {
                    if (!names.TryAdd(name, key))
                    {
                        errors.Add($"{setting}: '{name}' already names {names[name]}; choose another name");
                    }
                }
            }
        }
    }

    private static void Check(List<string> errors, bool valid, string message)
    {
        if (!valid)
        {
            errors.Add(message);
        }
    }
}
