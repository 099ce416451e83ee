namespace Cluster.Inference.Text;

/// <summary>One chat turn.</summary>
/// <param name="Role">"system", "user" or "assistant".</param>
/// <param name="Content">The text.</param>
public sealed record ChatMessage(string Role, string Content);
