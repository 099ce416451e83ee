namespace Cluster.Gateway.Requests;

/// <summary>Which silo API a request calls; decides how its body is read.</summary>
public enum InferenceEndpoint
{
    /// <summary>Any other path: forwarded by load without reading the body.</summary>
    Other,

    /// <summary>POST /v1/chat/completions.</summary>
    ChatCompletions,

    /// <summary>POST /v1/completions.</summary>
    Completions,

    /// <summary>POST /v1/chat/interactive (LMDeploy-style sessions, NDJSON streaming).</summary>
    Interactive,

    /// <summary>POST /v1/encode (LMDeploy's tokenizer endpoint; routed by model like the generation APIs).</summary>
    Encode,

    /// <summary>POST /v1/embeddings (routed by model; the silo answers 400 when the model is not an embedding model).</summary>
    Embeddings,
}
