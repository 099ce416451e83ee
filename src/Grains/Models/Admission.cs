using Cluster.Inference.Generation;

namespace Cluster.Grains.Models;

/// <summary>The answer to <see cref="IModelHost.Submit"/>: a stream, or why there is none.</summary>
/// <param name="Status">Accepted or the reason for refusal.</param>
/// <param name="Stream">The output, when accepted.</param>
/// <param name="Error">What is wrong, when invalid.</param>
/// <param name="RetryAfter">How long to wait, when the queue is full or the grain is not ready.</param>
public sealed record Admission(AdmissionStatus Status, IAsyncEnumerable<GenerationChunk>? Stream, GenerationRequestError? Error, TimeSpan? RetryAfter)
{
    /// <summary>An accepted request.</summary>
    public static Admission Accepted(IAsyncEnumerable<GenerationChunk> stream) => new(AdmissionStatus.Accepted, stream, null, null);

    /// <summary>An invalid request.</summary>
    public static Admission Invalid(GenerationRequestError error) => new(AdmissionStatus.Invalid, null, error, null);

    /// <summary>A refusal because the queue is full.</summary>
    public static Admission QueueFull(TimeSpan retryAfter) => new(AdmissionStatus.QueueFull, null, null, retryAfter);

    /// <summary>A refusal because the grain is loading, draining or failed.</summary>
    public static Admission NotReady(TimeSpan retryAfter) => new(AdmissionStatus.NotReady, null, null, retryAfter);

    /// <summary>A refusal because the session is moving (or moved) to another silo.</summary>
    public static Admission SessionMoved() => new(AdmissionStatus.SessionMoved, null, null, null);
}
