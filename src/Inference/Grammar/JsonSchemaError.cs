namespace Cluster.Inference.Grammar;

/// <summary>Why a JSON schema cannot be enforced: where in the schema (a JSON pointer-like path) and what is wrong.</summary>
/// <param name="Path">Where, e.g. "properties.age.minimum".</param>
/// <param name="Message">What is wrong and what is supported instead.</param>
public sealed record JsonSchemaError(string Path, string Message);
