using Cluster.Inference.Embedding;
using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Scheduling;
using Cluster.Inference.Text;

namespace Cluster.Grains.Models;

/// <summary>
/// A base model seen through one of its LoRA adapters: the model a request names as <c>base:adapter</c> (or an alias).
/// Everything is the base model's, except that its requests carry the adapter and hold it while they run.
/// </summary>
internal sealed class AdapterModelHost(ModelHost host, ServedAdapter adapter, string name) : IModelHost
{
    /// <inheritdoc/>
    public string ModelId { get; } = name;

    /// <summary>The base model.</summary>
    public ModelHost Base => host;

    /// <inheritdoc/>
    public ModelStatus Status => host.Status;

    /// <inheritdoc/>
    public ModelDescriptor Descriptor => host.Descriptor with { ModelId = ModelId };

    /// <inheritdoc/>
    public ModelLoad Load => host.Load;

    /// <inheritdoc/>
    public TimeSpan RetryAfter => host.RetryAfter;

    /// <inheritdoc/>
    public LlamaVocabulary Vocabulary => host.Vocabulary;

    /// <inheritdoc/>
    public ChatTemplate? ChatTemplate => host.ChatTemplate;

    /// <inheritdoc/>
    public string Fingerprint => $"{host.Fingerprint}+lora:{adapter.Options.Name}";

    /// <inheritdoc/>
    public SessionCounters SessionCounters => host.SessionCounters;

    /// <summary>None: adapters serve generation; an embedding model's requests name the model itself.</summary>
    public EmbeddingScheduler? Embeddings => null;

    /// <inheritdoc/>
    public Inference.Multimodal.VisionProjector? Projector => host.Projector;

    /// <inheritdoc/>
    public GenerationRequestError? Validate(GenerationRequest request) => host.Validate(request);

    /// <inheritdoc/>
    public Admission Submit(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!adapter.TryAcquire())
        {
            return Admission.NotReady(host.RetryAfter);
        }

        // Released on every path, a throwing Submit included, unless a stream now holds it: an adapter held for good could never be removed.
        var submitted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        IAsyncEnumerable<GenerationChunk>? released = null;
        try
        {
            var admission = host.Submit(request with { Adapter = adapter.Adapter }, submitted.Token);
            if (admission.Stream is not { } stream)
            {
                return admission;
            }

            released = new ReleasingStream<GenerationChunk>(stream, adapter.Release, submitted);
            return Admission.Accepted(released);
        }
        finally
        {
            if (released is null)
            {
                submitted.Dispose();
                adapter.Release();
            }
        }
    }

    /// <summary>None: adapters serve generation.</summary>
    public Task<IReadOnlyList<float[]>>? Embed(IReadOnlyList<LlamaToken[]> inputs, CancellationToken cancellationToken) => null;

    /// <inheritdoc/>
    public Task EndSessionAsync(string sessionKey) => host.EndSessionAsync(sessionKey);

    /// <inheritdoc/>
    public Task<SessionSnapshot?> ExportSessionAsync(string sessionKey) => host.ExportSessionAsync(sessionKey);

    /// <inheritdoc/>
    public Task ImportSessionAsync(SessionSnapshot snapshot) => host.ImportSessionAsync(snapshot);
}
