namespace Cluster.Inference.Generation;

/// <summary>Why a request cannot run, naming the offending parameter (OpenAI's error "param").</summary>
/// <param name="Parameter">The request field at fault.</param>
/// <param name="Code">A machine-readable code such as "context_length_exceeded", or null.</param>
/// <param name="Message">What is wrong and what to change.</param>
public sealed record GenerationRequestError(string Parameter, string? Code, string Message);
