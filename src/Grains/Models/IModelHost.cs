using Cluster.Inference.Embedding;
using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Scheduling;
using Cluster.Inference.Text;

namespace Cluster.Grains.Models;

/// <summary>One loaded model on one device, serving many sequences at once through its scheduler loop.</summary>
public interface IModelHost
{
    /// <summary>The model id clients use (OpenAI "model").</summary>
    string ModelId { get; }

    /// <summary>Loading, ready, draining or failed.</summary>
    ModelStatus Status { get; }

    /// <summary>What the model is and how it is configured.</summary>
    ModelDescriptor Descriptor { get; }

    /// <summary>Retry-After sent with 429 and 503.</summary>
    TimeSpan RetryAfter { get; }

    /// <summary>Current load: queue, active sequences, KV use.</summary>
    ModelLoad Load { get; }

    /// <summary>The tokenizer.</summary>
    LlamaVocabulary Vocabulary { get; }

    /// <summary>The chat template, or null if the model has none.</summary>
    ChatTemplate? ChatTemplate { get; }

    /// <summary>The embedding loop when this is an embedding model (its GGUF names a pooling), else null: such a model generates nothing.</summary>
    EmbeddingScheduler? Embeddings { get; }

    /// <summary>The vision projector when the model reads images, else null.</summary>
    Inference.Multimodal.VisionProjector? Projector { get; }

    /// <summary>Checks a request; returns what is wrong (with the OpenAI param name), or null.</summary>
    GenerationRequestError? Validate(GenerationRequest request);

    /// <summary>Queues a request; the stream yields chunks as they are produced. Cancelling the token removes the sequence before the next step.</summary>
    Admission Submit(GenerationRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Queues inputs of an embedding model (each 1 to <see cref="EmbeddingScheduler.MaxInputTokens"/> tokens); the task
    /// yields one unit vector per input, in order. Null when the queue is full or the model does not embed.
    /// </summary>
    Task<IReadOnlyList<float[]>>? Embed(IReadOnlyList<LlamaToken[]> inputs, CancellationToken cancellationToken);

    /// <summary>Identifies the exact weights (metadata and leading tensor bytes), so a session moves only between identical models.</summary>
    string Fingerprint { get; }

    /// <summary>Session KV residency counters.</summary>
    SessionCounters SessionCounters { get; }

    /// <summary>Frees a session's KV.</summary>
    Task EndSessionAsync(string sessionKey);

    /// <summary>Copies a session's KV out; null if unknown or mid-turn.</summary>
    Task<SessionSnapshot?> ExportSessionAsync(string sessionKey);

    /// <summary>Takes over a session's KV exported from an identical model.</summary>
    Task ImportSessionAsync(SessionSnapshot snapshot);
}
