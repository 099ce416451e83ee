namespace Cluster.Inference.Text;

/// <summary>
/// Text the server puts at the head of a conversation's system message (the tool declarations): a paragraph of its own
/// before the client's system text, or a system message of its own when the client sent none.
/// </summary>
/// <remarks>
/// A preamble holds no blank line, so in a conversation the first paragraph of the first system message is the preamble,
/// when that paragraph opens as preambles of its kind do (its first sentence, which names the kind).
/// </remarks>
public static class SystemPreamble
{
    private const string ParagraphBreak = "\n\n";

    /// <summary>The conversation with <paramref name="preamble"/> at the head of its first system message.</summary>
    public static ChatMessage[] Merge(IReadOnlyList<ChatMessage> conversation, string preamble)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentException.ThrowIfNullOrEmpty(preamble);
        return conversation.Count > 0 && conversation[0] is { Role: "system" } system
            ? [system with { Content = preamble + ParagraphBreak + system.Content }, .. conversation.Skip(1)]
            : [new ChatMessage("system", preamble), .. conversation];
    }

    /// <summary>Whether <paramref name="conversation"/> opens with exactly <paramref name="preamble"/>.</summary>
    public static bool Holds(IReadOnlyList<ChatMessage> conversation, string preamble)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentException.ThrowIfNullOrEmpty(preamble);
        return conversation.Count > 0 && conversation[0] is { Role: "system", Content: var text }
            && (text == preamble || text.StartsWith(preamble + ParagraphBreak, StringComparison.Ordinal));
    }

    /// <summary>The conversation with its preamble of the same kind (if any) replaced by <paramref name="preamble"/>.</summary>
    public static ChatMessage[] Replace(IReadOnlyList<ChatMessage> conversation, string preamble)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentException.ThrowIfNullOrEmpty(preamble);
        var opening = preamble[..(preamble.IndexOf('.', StringComparison.Ordinal) + 1)];
        if (opening.Length == 0 || conversation.Count == 0 || conversation[0] is not { Role: "system" } system
            || !system.Content.StartsWith(opening, StringComparison.Ordinal))
        {
            return Merge(conversation, preamble);
        }

        var rest = conversation.Skip(1).ToArray();
        var end = system.Content.IndexOf(ParagraphBreak, StringComparison.Ordinal);
        return end < 0 ? Merge(rest, preamble) : Merge([system with { Content = system.Content[(end + ParagraphBreak.Length)..] }, .. rest], preamble);
    }
}
