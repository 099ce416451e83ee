namespace Cluster.Grains.Models;

/// <summary>One model this silo hosts, with the settings it was made from.</summary>
/// <param name="Host">The model's replicas (one unless its settings ask for more), each loaded with its own scheduler.</param>
/// <param name="Options">Its settings.</param>
/// <param name="Created">Unix seconds of the model file's last write (OpenAI's "created").</param>
public sealed record HostedModel(ModelReplicas Host, ModelHostOptions Options, long Created);
