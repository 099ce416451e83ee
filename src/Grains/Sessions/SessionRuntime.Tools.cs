using Cluster.Inference.Text;

namespace Cluster.Grains.Sessions;

/// <summary>Tools offered on a session's turns: declared once at the head of the conversation, as a stateless request declares them.</summary>
public sealed partial class SessionRuntime
{
    // The conversation holds the tools declared on its first turn. A later turn that sends the same tools (the same
    // preamble) adds only its messages, so the session's KV is the prompt's prefix; one that sends other tools (or another
    // tool_choice) replaces the declaration, and the conversation is rendered again from its start. A turn that sends
    // none leaves the declaration where it is. Messages that open with a system message are the conversation from its start.
    private (bool Fresh, IReadOnlyList<ChatMessage> New) ReconcileWithTools(IReadOnlyList<ChatMessage> messages, string? toolPreamble)
    {
        if (toolPreamble is null)
        {
            return Reconcile(messages);
        }

        var merged = SystemPreamble.Merge(messages, toolPreamble);
        if (_messages.Count == 0)
        {
            return Reconcile(merged);
        }

        if (SystemPreamble.Holds(_messages, toolPreamble))
        {
            return Reconcile(Extends(merged, _messages) || messages is [{ Role: "system" }, ..] ? merged : messages);
        }

        var declared = SystemPreamble.Replace(_messages, toolPreamble);
        return (true, Extends(merged, declared) || messages is [{ Role: "system" }, ..] ? merged : [.. declared, .. messages]);
    }

    private static bool Extends(ChatMessage[] messages, IReadOnlyList<ChatMessage> conversation) =>
        messages.Length > conversation.Count && messages.Take(conversation.Count).SequenceEqual(conversation);
}
