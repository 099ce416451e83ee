using Cluster.Inference.Embedding;
using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Scheduling;
using Cluster.Inference.Text;

namespace Cluster.Grains.Models;

/// <summary>
/// A model served by replicas, as a request names it (the base model, or <c>base:adapter</c>): each request and session
/// call goes to the replica the <see cref="ReplicaSet"/> chooses, seen through <paramref name="view"/>.
/// </summary>
internal sealed class RoutedModelHost(ReplicaSet replicas, string name, Func<ModelHost, IModelHost?> view) : IModelHost
{
    /// <inheritdoc/>
    public string ModelId => name;

    /// <inheritdoc/>
    public ModelStatus Status => First.Status;

    /// <inheritdoc/>
    public ModelDescriptor Descriptor => First.Descriptor;

    /// <inheritdoc/>
    public TimeSpan RetryAfter => First.RetryAfter;

    /// <summary>Load summed over the replicas.</summary>
    public ModelLoad Load => replicas.Load;

    /// <inheritdoc/>
    public LlamaVocabulary Vocabulary => First.Vocabulary;

    /// <inheritdoc/>
    public ChatTemplate? ChatTemplate => First.ChatTemplate;

    /// <inheritdoc/>
    public EmbeddingScheduler? Embeddings => First.Embeddings;

    /// <inheritdoc/>
    public Inference.Multimodal.VisionProjector? Projector => First.Projector;

    /// <inheritdoc/>
    public string Fingerprint => First.Fingerprint;

    /// <summary>Session counters summed over the replicas.</summary>
    public SessionCounters SessionCounters => replicas.SessionCounters;

    // Replicas load the same file, so one that serves answers for what they share (replica 0 may have failed to load
    // while another serves); replica 0 while none does.
    private IModelHost First =>
        replicas.Replicas.Select(view).FirstOrDefault(host => host?.Status == ModelStatus.Ready) ?? view(replicas.Replicas[0]) ?? replicas.Replicas[0];

    /// <inheritdoc/>
    public GenerationRequestError? Validate(GenerationRequest request) => First.Validate(request);

    /// <inheritdoc/>
    public Admission Submit(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var replica = replicas.Reserve(request.SessionKey, candidate => view(candidate) is not null);
        if (replica < 0)
        {
            return Admission.NotReady(First.RetryAfter);
        }

        // Settled on every path, a throwing Submit included: the count goes down unless a stream now carries it.
        var submitted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        IAsyncEnumerable<GenerationChunk>? tracked = null;
        try
        {
            if (view(replicas.Replicas[replica]) is not { } host)
            {
                // The adapter went away since the replica was chosen.
                return Admission.NotReady(First.RetryAfter);
            }

            var admission = host.Submit(request, submitted.Token);
            if (admission.Stream is not { } stream)
            {
                return admission;
            }

            tracked = replicas.Tracked(replica, stream, submitted);
            return Admission.Accepted(tracked);
        }
        finally
        {
            if (tracked is null)
            {
                submitted.Dispose();
            }

            replicas.Settle(replica, request.SessionKey, tracked is not null);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<float[]>>? Embed(IReadOnlyList<LlamaToken[]> inputs, CancellationToken cancellationToken)
    {
        var replica = replicas.Reserve(null, candidate => view(candidate)?.Embeddings is not null);
        if (replica < 0)
        {
            return null;
        }

        Task<IReadOnlyList<float[]>>? tracked = null;
        try
        {
            if (view(replicas.Replicas[replica])?.Embed(inputs, cancellationToken) is { } vectors)
            {
                tracked = replicas.Tracked(replica, vectors);
            }

            return tracked;
        }
        finally
        {
            replicas.Settle(replica, null, tracked is not null);
        }
    }

    /// <inheritdoc/>
    public Task EndSessionAsync(string sessionKey) =>
        replicas.Forget(sessionKey) is var replica and >= 0 ? replicas.Replicas[replica].EndSessionAsync(sessionKey) : Task.CompletedTask;

    /// <inheritdoc/>
    public Task<SessionSnapshot?> ExportSessionAsync(string sessionKey) =>
        replicas.SessionReplica(sessionKey) is var replica and >= 0 ? replicas.Replicas[replica].ExportSessionAsync(sessionKey) : Task.FromResult<SessionSnapshot?>(null);

    /// <inheritdoc/>
    public async Task ImportSessionAsync(SessionSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var replica = replicas.Reserve(null, _ => true);
        if (replica < 0)
        {
            // None serves: the first refuses as a model of one replica would.
            await replicas.Replicas[0].ImportSessionAsync(snapshot).ConfigureAwait(false);
            return;
        }

        try
        {
            await replicas.Replicas[replica].ImportSessionAsync(snapshot).ConfigureAwait(false);
            replicas.Pin(snapshot.Key, replica);
        }
        finally
        {
            replicas.Settle(replica, null, accepted: false);
        }
    }
}
