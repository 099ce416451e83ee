using Cluster.Inference.Generation;

namespace Cluster.Grains.Serialization;

/// <summary><see cref="GenerationRequestError"/> as Orleans carries it.</summary>
[GenerateSerializer, Alias("cluster.generation-request-error")]
internal struct GenerationRequestErrorSurrogate
{
    [Id(0)] public string Parameter;
    [Id(1)] public string? Code;
    [Id(2)] public string Message;
}

/// <summary>Converts <see cref="GenerationRequestError"/> to and from its surrogate.</summary>
[RegisterConverter]
internal sealed class GenerationRequestErrorConverter : IConverter<GenerationRequestError, GenerationRequestErrorSurrogate>
{
    /// <inheritdoc/>
    public GenerationRequestError ConvertFromSurrogate(in GenerationRequestErrorSurrogate surrogate) => new(surrogate.Parameter, surrogate.Code, surrogate.Message);

    /// <inheritdoc/>
    public GenerationRequestErrorSurrogate ConvertToSurrogate(in GenerationRequestError value) =>
        new() { Parameter = value.Parameter, Code = value.Code, Message = value.Message };
}
