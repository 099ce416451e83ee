using Cluster.Inference.Generation;
using Cluster.Inference.Text;

namespace Cluster.Grains.Models;

/// <summary>One loaded model on one device, serving many sequences at once through its scheduler loop.</summary>
public interface IModelGrain
{
    /// <summary>The model id clients use (OpenAI "model").</summary>
    string ModelId { get; }

    /// <summary>Loading, ready, draining or failed.</summary>
    ModelGrainStatus Status { get; }

    /// <summary>What the model is and how it is configured.</summary>
    ModelDescriptor Descriptor { get; }

    /// <summary>Current load: queue, active sequences, KV use.</summary>
    ModelLoad Load { get; }

    /// <summary>The tokenizer.</summary>
    LlamaVocabulary Vocabulary { get; }

    /// <summary>The chat template, or null if the model has none.</summary>
    ChatTemplate? ChatTemplate { get; }

    /// <summary>Checks a request; returns what is wrong (with the OpenAI param name), or null.</summary>
    GenerationRequestError? Validate(GenerationRequest request);

    /// <summary>Queues a request; the stream yields chunks as they are produced. Cancelling the token removes the sequence before the next step.</summary>
    Admission Submit(GenerationRequest request, CancellationToken cancellationToken);
}
