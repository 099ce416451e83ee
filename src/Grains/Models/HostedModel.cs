namespace Cluster.Grains.Models;

/// <summary>One model this silo hosts, with the settings it was made from.</summary>
/// <param name="Host">The loaded model and its scheduler.</param>
/// <param name="Options">Its settings.</param>
/// <param name="Created">Unix seconds of the model file's last write (OpenAI's "created").</param>
public sealed record HostedModel(ModelHost Host, ModelHostOptions Options, long Created);
