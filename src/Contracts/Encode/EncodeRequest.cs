using System.Text.Json;

namespace Cluster.Contracts.Encode;

/// <summary>POST /v1/encode (LMDeploy's tokenizer endpoint).</summary>
public sealed record EncodeRequest
{
    /// <summary>A string, or a list of strings to encode one by one (required).</summary>
    public JsonElement? Input { get; init; }

    /// <summary>Render each input as a user turn with the model's chat template first (default false).</summary>
    public bool? DoPreprocess { get; init; }

    /// <summary>Start with the model's BOS token, as at the beginning of a conversation (default true).</summary>
    public bool? AddBos { get; init; }

    /// <summary>The model whose tokenizer to use; when absent, the only model served (extension: LMDeploy's server has one).</summary>
    public string? Model { get; init; }
}
