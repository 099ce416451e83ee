namespace Cluster.Grains.Models;

/// <summary>
/// Cuts a model's settings into one set per replica: the GPUs the settings give (<c>Gpus</c>, or <c>TensorParallel</c> ×
/// <c>Replicas</c> GPUs from <c>MainGpu</c>, or one GPU each from <c>MainGpu</c>) are split into equal groups in order.
/// On the CPU (<c>GpuLayers</c> 0) every replica is the same.
/// </summary>
public static class ReplicaLayout
{
    /// <summary>The settings of each replica, in order; a model of one replica keeps its settings as they are.</summary>
    public static IReadOnlyList<ModelHostOptions> Expand(ModelHostOptions model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var count = Math.Max(1, model.Replicas);
        if (count == 1)
        {
            return [model];
        }

        if (model.GpuLayers == 0)
        {
            return [.. Enumerable.Repeat(model with { Replicas = 1 }, count)];
        }

        var perReplica = model.Gpus.Count > 0 ? model.Gpus.Count / count : model.TensorParallel ?? 1;
        IReadOnlyList<int> gpus = model.Gpus.Count > 0 ? [.. model.Gpus] : [.. Enumerable.Range(model.MainGpu, perReplica * count)];
        return [.. Enumerable.Range(0, count).Select(replica =>
        {
            var group = gpus.Skip(replica * perReplica).Take(perReplica).ToList();
            return model with
            {
                Replicas = 1,
                Gpus = group,
                TensorParallel = null,
                MainGpu = group.Contains(model.MainGpu) ? model.MainGpu : group[0],
            };
        })];
    }

    /// <summary>What is wrong with the replica settings of the model at <paramref name="key"/>; each message names the setting.</summary>
    public static IEnumerable<string> Check(ModelHostOptions model, string key)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Replicas < 1)
        {
            yield return $"{key}:Replicas is {model.Replicas}; set it to 1 or more (--replicas N)";
        }
        else if (model.Replicas > 1 && model.GpuLayers != 0 && model.Gpus.Count > 0 && model.Gpus.Count % model.Replicas != 0)
        {
            yield return $"{key}:Gpus lists {model.Gpus.Count} GPUs, which {key}:Replicas ({model.Replicas}) does not divide; give each replica as many GPUs";
        }
        else if (model.Replicas > 1 && model.GpuLayers != 0 && model.Gpus.Count > 0 && model.TensorParallel is { } tp && model.Gpus.Count != tp * model.Replicas)
        {
            yield return $"{key}:Gpus lists {model.Gpus.Count} GPUs but TensorParallel ({tp}) × Replicas ({model.Replicas}) is {tp * model.Replicas}; make them agree";
        }
    }
}
