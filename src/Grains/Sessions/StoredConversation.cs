using Cluster.Inference.Text;

namespace Cluster.Grains.Sessions;

/// <summary>A session's conversation as its grain state holds it when a runtime starts.</summary>
/// <param name="Messages">The messages so far.</param>
/// <param name="UndeliveredMessages">Trailing messages of a turn never confirmed delivered (its silo died while sending it).</param>
/// <param name="Images">The image files of the messages' image markers, in order; empty when none were kept.</param>
public sealed record StoredConversation(IReadOnlyList<ChatMessage> Messages, int UndeliveredMessages, IReadOnlyList<byte[]>? Images = null)
{
    /// <summary>No conversation yet.</summary>
    public static StoredConversation Empty { get; } = new([], 0);
}
