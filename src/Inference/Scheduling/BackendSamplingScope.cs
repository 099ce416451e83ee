namespace Cluster.Inference.Scheduling;

/// <summary>
/// Which requests sample on the GPU with llama.cpp's backend samplers while the rest sample on the host. A step whose
/// rows all sample on the GPU copies no logits back (64 rows of a 128k vocabulary are 32 MB a step); a step with any
/// host row copies every row. Requests with a grammar or logprobs always sample on the host.
/// </summary>
[Flags]
public enum BackendSamplingScope
{
    /// <summary>Every request samples on the host (unless <see cref="BatchSchedulerOptions.BackendSampling"/> puts all on the GPU).</summary>
    None = 0,

    /// <summary>Greedy requests (temperature 0) without penalties or logit_bias: an argmax on the GPU.</summary>
    Greedy = 1,

    /// <summary>Requests with a top_k (and no penalties): top-k on the GPU, the rest on the host over the k survivors (<see cref="BatchSchedulerOptions.HostSamplingAfterTopK"/>).</summary>
    TopK = 2,
}
