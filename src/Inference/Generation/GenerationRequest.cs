using Cluster.Inference.Models;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;

namespace Cluster.Inference.Generation;

/// <summary>One generation: prompt tokens, sampling, limits and stop strings.</summary>
public sealed record GenerationRequest
{
    /// <summary>The prompt, already tokenized (with BOS / chat template applied).</summary>
    public required IReadOnlyList<LlamaToken> Prompt { get; init; }

    /// <summary>Images in the prompt: where their embeddings go (the prompt holds placeholders there); empty for text.</summary>
    public IReadOnlyList<Multimodal.ImageSpan> Images { get; init; } = [];

    /// <summary>How tokens are chosen.</summary>
    public SamplingOptions Sampling { get; init; } = new();

    /// <summary>Most tokens to generate; null means until the context is full.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Strings that end generation; the output is cut just before the first match.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Never stop on end-of-generation tokens (they are banned from sampling).</summary>
    public bool IgnoreEos { get; init; }

    /// <summary>Report each generated token's log probability with this many alternatives (0 to 20); null reports none.</summary>
    public int? LogProbs { get; init; }

    /// <summary>A GBNF grammar (root rule "root") the output must follow, e.g. a JSON schema's; null for free text.</summary>
    public string? Grammar { get; init; }

    /// <summary>
    /// Independent answers to generate from the prompt (OpenAI's n): it is prefilled once and its KV copied to the other
    /// sequences. Choice i samples with <see cref="SamplingOptions.Seed"/> + i when a seed is set, so a request of one
    /// choice with that seed gives the same answer.
    /// </summary>
    public int Choices { get; init; } = 1;

    /// <summary>The session whose KV this request continues (the prompt is its whole history); null for a stateless request.</summary>
    public string? SessionKey { get; init; }

    /// <summary>The LoRA adapter applied to this request's tokens (loaded for the scheduler's model); null for the base model.</summary>
    public LoraAdapter? Adapter { get; init; }

    /// <summary>For a session: the token that closes a turn when the answer did not end with one (e.g. &lt;|eot_id|&gt;), kept in its KV.</summary>
    public LlamaToken? TurnEndToken { get; init; }
}
