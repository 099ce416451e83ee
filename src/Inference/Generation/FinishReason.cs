namespace Cluster.Inference.Generation;

/// <summary>Why generation ended (OpenAI's finish_reason).</summary>
public enum FinishReason
{
    /// <summary>The model produced an end-of-generation token or a stop string matched.</summary>
    Stop,

    /// <summary>max_tokens was reached or the context is full.</summary>
    Length,
}
