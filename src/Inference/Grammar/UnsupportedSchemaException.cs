namespace Cluster.Inference.Grammar;

/// <summary>Carries a <see cref="JsonSchemaError"/> out of the recursive conversion to the one place that turns it into a value.</summary>
internal sealed class UnsupportedSchemaException(JsonSchemaError error) : Exception(error.Message)
{
    public JsonSchemaError Error { get; } = error;
}
