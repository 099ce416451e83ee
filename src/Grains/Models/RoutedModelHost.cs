using Cluster.Inference.Embedding;
using Cluster.Inference.Generation;
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
        var replica = replicas.Reserve(request.SessionKey);
        if (replica < 0 || view(replicas.Replicas[replica]) is not { } host)
        {
            if (replica >= 0)
            {
                replicas.Settle(replica, request.SessionKey, accepted: false);
            }

            return Admission.NotReady(First.RetryAfter);
        }

        var admission = host.Submit(request, cancellationToken);
        replicas.Settle(replica, request.SessionKey, admission.Stream is not null);
        return admission.Stream is { } stream ? Admission.Accepted(replicas.Tracked(replica, stream, cancellationToken)) : admission;
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
        var replica = replicas.Reserve(null);
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
