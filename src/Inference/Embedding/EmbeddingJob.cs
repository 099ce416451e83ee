using Cluster.Inference.Native;

namespace Cluster.Inference.Embedding;

/// <summary>One request's inputs on their way through the embedding loop; the loop thread fills its vectors, the caller awaits them.</summary>
internal sealed class EmbeddingJob(IReadOnlyList<LlamaToken[]> inputs, CancellationToken cancellationToken)
{
    private readonly float[][] _vectors = new float[inputs.Count][];
    private readonly TaskCompletionSource<IReadOnlyList<float[]>> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining = inputs.Count;

    public IReadOnlyList<LlamaToken[]> Inputs { get; } = inputs;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The vectors, in input order, once every input is embedded.</summary>
    public Task<IReadOnlyList<float[]>> Vectors => _done.Task;

    /// <summary>True once the job has ended (done, failed or cancelled): its remaining inputs are skipped.</summary>
    public bool Ended => _done.Task.IsCompleted;

    /// <summary>Stores input <paramref name="index"/>'s vector; the last one completes the job.</summary>
    public void Set(int index, float[] vector)
    {
        _vectors[index] = vector;
        if (--_remaining == 0)
        {
            _done.TrySetResult(_vectors);
        }
    }

    public void Cancel() => _done.TrySetCanceled(CancellationToken);

    public void Fail(Exception error) => _done.TrySetException(error);
}
