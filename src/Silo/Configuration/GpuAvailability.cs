using Cluster.Grains.Models;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Configuration;

/// <summary>Checks at start, once llama.cpp is loaded, that every GPU a model names exists on this machine.</summary>
internal static class GpuAvailability
{
    /// <summary>Throws <see cref="OptionsValidationException"/> naming each model setting that points at a missing GPU.</summary>
    public static void Check(SiloOptions options, int gpuCount)
    {
        var errors = options.Models
            .SelectMany((model, i) => model.GpuLayers == 0 ? [] : ReplicaLayout.Expand(model).SelectMany(replica => GpuPlacement.From(replica).CheckAgainst(gpuCount, $"Silo:Models:{i}")).Distinct())
            .ToList();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(SiloOptions.SectionName, typeof(SiloOptions), errors);
        }
    }
}
