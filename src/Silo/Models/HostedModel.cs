using Cluster.Grains.Models;

namespace Cluster.Silo.Models;

/// <summary>One model grain this silo hosts, with the settings it was made from.</summary>
/// <param name="Grain">The grain.</param>
/// <param name="Options">Its settings.</param>
/// <param name="Created">Unix seconds of the model file's last write (OpenAI's "created").</param>
internal sealed record HostedModel(ModelGrain Grain, ModelGrainOptions Options, long Created);
