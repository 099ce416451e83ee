namespace Cluster.Silo.Embeddings;

/// <summary>One input of an embeddings request: text to tokenize, or token ids as given.</summary>
/// <param name="Text">The text, or null for token ids.</param>
/// <param name="TokenIds">The token ids, or null for text.</param>
internal sealed record EmbeddingInput(string? Text, int[]? TokenIds);
