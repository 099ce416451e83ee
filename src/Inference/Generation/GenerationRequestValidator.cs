namespace Cluster.Inference.Generation;

/// <summary>Checks a generation request against a model and a per-sequence context; shared by every engine.</summary>
public static class GenerationRequestValidator
{
    /// <summary>Returns what is wrong (with the OpenAI param name), or null if the request can run.</summary>
    public static GenerationRequestError? Validate(GenerationRequest request, int vocabularySize, int contextSize)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Sampling.Validate() is { } invalid)
        {
            return new GenerationRequestError(invalid.Parameter, null, invalid.Message);
        }

        if (request.MaxTokens is < 1)
        {
            return new GenerationRequestError("max_tokens", null, "max_tokens must be at least 1");
        }

        if (request.Stop.Count > 4 || request.Stop.Any(string.IsNullOrEmpty))
        {
            return new GenerationRequestError("stop", null, "stop takes up to 4 non-empty strings");
        }

        if (request.LogProbs is < 0 or > Sampling.LogProbCapture.MaxTop)
        {
            return new GenerationRequestError("top_logprobs", null, $"top_logprobs must be between 0 and {Sampling.LogProbCapture.MaxTop}");
        }

        if (request.Choices < 1)
        {
            return new GenerationRequestError("n", null, $"n is {request.Choices}; it must be at least 1");
        }

        if (request.Choices > 1 && request.SessionKey is not null)
        {
            return new GenerationRequestError("n", null, "a session holds one conversation, so its turns take n = 1");
        }

        if (request.Prompt.Count == 0)
        {
            return new GenerationRequestError("prompt", null, "the prompt is empty");
        }

        if (request.Prompt.Any(token => token.Value < 0 || token.Value >= vocabularySize))
        {
            return new GenerationRequestError("prompt", null, $"the prompt holds a token id outside 0..{vocabularySize - 1}");
        }

        if (request.Sampling.LogitBias?.Keys.FirstOrDefault(token => token >= vocabularySize) is { } unknown and > 0)
        {
            return new GenerationRequestError("logit_bias", null, $"logit_bias names token {unknown}, outside this model's vocabulary 0..{vocabularySize - 1}");
        }

        if (request.Prompt.Count >= contextSize)
        {
            return new GenerationRequestError("messages", "context_length_exceeded",
                $"This model's maximum context length is {contextSize} tokens. However, your messages resulted in {request.Prompt.Count} tokens.");
        }

        return null;
    }
}
