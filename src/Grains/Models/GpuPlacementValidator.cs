using Cluster.Inference.Native;

namespace Cluster.Grains.Models;

/// <summary>Checks a model's GPU settings on their own (whether the GPUs exist is checked once llama.cpp is loaded); every message names the setting.</summary>
public static class GpuPlacementValidator
{
    /// <summary>Adds what is wrong with the GPU settings of the model at <paramref name="key"/> (e.g. "Silo:Models:0").</summary>
    public static void Validate(ModelHostOptions model, string key, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(errors);
        if (model.SplitMode is { } mode && mode is not (LlamaSplitMode.None or LlamaSplitMode.Layer or LlamaSplitMode.Row))
        {
            errors.Add($"{key}:SplitMode is {mode}; set it to None, Layer or Row");
        }

        if (model.Gpus.FirstOrDefault(gpu => gpu < 0, 0) is var negative and < 0)
        {
            errors.Add($"{key}:Gpus holds {negative}; GPU indexes are 0 or more");
        }

        if (model.Gpus.Distinct().Count() != model.Gpus.Count)
        {
            errors.Add($"{key}:Gpus names a GPU twice ({string.Join(", ", model.Gpus)}); list each GPU once");
        }

        if (model.TensorParallel is < 1)
        {
            errors.Add($"{key}:TensorParallel is {model.TensorParallel}; set it to 1 or more (--tp N)");
        }
        else if (model.Replicas == 1 && model.TensorParallel is { } count && model.Gpus.Count > 0 && model.Gpus.Count != count)
        {
            errors.Add($"{key}:TensorParallel is {count} but {key}:Gpus lists {model.Gpus.Count} GPUs; remove one or make them agree");
        }

        if (model.Gpus.Count > 0 && model.MainGpu != 0 && !model.Gpus.Contains(model.MainGpu))
        {
            errors.Add($"{key}:MainGpu is {model.MainGpu}, not one of {key}:Gpus ({string.Join(", ", model.Gpus)}); set it to one of them");
        }

        var replicaProblems = ReplicaLayout.Check(model, key).ToList();
        foreach (var problem in replicaProblems)
        {
            errors.Add(problem);
        }

        if (replicaProblems.Count == 0)
        {
            // Each replica's own GPUs are what must fit the split mode and the shares.
            ValidateSplit(ReplicaLayout.Expand(model)[0], model, key, errors);
        }
    }

    private static void ValidateSplit(ModelHostOptions replica, ModelHostOptions model, string key, ICollection<string> errors)
    {
        var placement = GpuPlacement.From(replica);
        if (placement.SplitMode == LlamaSplitMode.None && placement.Gpus.Count > 1)
        {
            errors.Add($"{key}:SplitMode is None but the model is given {placement.Gpus.Count} GPUs{(model.Replicas > 1 ? " per replica" : string.Empty)}; set it to Layer or Row to split the model over them");
        }

        ValidateTensorSplit(model, placement, key, errors);
    }

    private static void ValidateTensorSplit(ModelHostOptions model, GpuPlacement placement, string key, ICollection<string> errors)
    {
        if (model.TensorSplit.Count == 0)
        {
            return;
        }

        if (model.TensorSplit.Count != placement.Gpus.Count)
        {
            errors.Add($"{key}:TensorSplit has {model.TensorSplit.Count} shares but {(model.Replicas > 1 ? "each replica" : "the model")} is given {placement.Gpus.Count} GPUs ({key}:Gpus or --tp); give one share per GPU");
        }
        else if (model.TensorSplit.Any(share => share < 0 || !float.IsFinite(share)) || model.TensorSplit.Sum() <= 0)
        {
            errors.Add($"{key}:TensorSplit is {string.Join(", ", model.TensorSplit)}; shares are 0 or more and at least one is above 0");
        }
    }
}
