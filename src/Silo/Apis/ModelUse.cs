namespace Cluster.Silo.Apis;

/// <summary>What an endpoint asks of a model: a generation model and an embedding model serve different APIs.</summary>
internal enum ModelUse
{
    /// <summary>Text generation (chat, completions, interactive): not an embedding model.</summary>
    Generation,

    /// <summary>/v1/embeddings: an embedding model (its GGUF names a pooling).</summary>
    Embeddings,

    /// <summary>The tokenizer only (/v1/encode): any model.</summary>
    Tokenizer,
}
