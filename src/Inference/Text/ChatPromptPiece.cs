namespace Cluster.Inference.Text;

/// <summary>A piece of a rendered chat prompt: the template's own text, or the content of a message.</summary>
/// <param name="Text">The piece's text as it stands in the prompt.</param>
/// <param name="IsContent">Whether it is a message's content (text only) rather than the template's markup (control tokens allowed).</param>
public sealed record ChatPromptPiece(string Text, bool IsContent);
