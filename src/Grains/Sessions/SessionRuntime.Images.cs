using Cluster.Inference.Generation;
using Cluster.Inference.Multimodal;
using Cluster.Inference.Native;
using Cluster.Inference.Text;

namespace Cluster.Grains.Sessions;

/// <content>
/// Images in session turns. The history keeps each image's placeholder tokens (their KV stays resident like text) and
/// its spans, so a later turn's prompt carries them again and a prompt rebuilt into a fresh slot decodes them again. The
/// conversation's image files are kept too (with the grain state, up to <see cref="SessionPersistence.MaxImageBytes"/>),
/// so a session whose KV is gone (a restart, a move without KV, an expiry) is rebuilt with its images encoded again.
/// </content>
public sealed partial class SessionRuntime
{
    private List<ImageSpan> _historyImages = [];

    // The files of every image marker in _messages, in order; empty when they were over the bound (then a rebuild needs the client's).
    private List<byte[]> _files = [.. stored.Images ?? []];

    /// <summary>
    /// Tokenizes a turn's rendered new messages after <paramref name="start"/> (the history it continues). The files stand
    /// for the markers of the stored conversation (those kept) and of the messages the client sent, in order; the new
    /// messages' markers take the last of them. Returns the files it used too.
    /// </summary>
    private (List<LlamaToken> Prompt, IReadOnlyList<ImageSpan> Images, byte[][] Files, GenerationRequestError? Error) TokenizeTurn(
        RenderedChat rendered, IReadOnlyList<ChatMessage> newMessages, IReadOnlyList<ReadOnlyMemory<byte>> sent, List<LlamaToken> start)
    {
        var prompt = new List<LlamaToken>(start);
        var previous = start.Count == 0 ? [] : _historyImages;
        var markers = Markers(newMessages);
        if (markers == 0)
        {
            prompt.AddRange(rendered.Tokenize(Model.Vocabulary, addBeginning: prompt.Count == 0));
            return (prompt, previous, [], null);
        }

        byte[][] files = [.. _files, .. sent.Select(file => file.ToArray())];
        if (files.Length < markers)
        {
            return (prompt, previous, [], new GenerationRequestError("messages", "session_images_lost",
                $"This session's earlier images are no longer held here (a conversation keeps its images only up to {persistence.MaxImageBytes} bytes, " +
                "Silo:Sessions:MaxStoredImageBytes); send the whole conversation with its images again, or start a new session."));
        }

        files = files[^markers..];
        try
        {
            // As for text: only the template's markup becomes control tokens, message text stays text.
            var tokenized = Model.Projector!.Tokenize(rendered, [.. files.Select(file => (ReadOnlyMemory<byte>)file)], addBeginning: prompt.Count == 0);
            var images = new List<ImageSpan>(previous);
            images.AddRange(tokenized.Images.Select(image => image with { Start = image.Start + prompt.Count }));
            prompt.AddRange(tokenized.Tokens);
            return (prompt, images, files, null);
        }
        catch (Exception error) when (error is ImageDecodeException or ArgumentException)
        {
            return (prompt, previous, [], new GenerationRequestError("messages", "invalid_image", error.Message + "."));
        }
    }

    // Called before the turn's messages join _messages: a fresh turn's files cover the whole conversation, a later one's add to them.
    private void KeepFiles(bool fresh, byte[][] used)
    {
        List<byte[]> kept = fresh ? [.. used] : _files.Count == Markers(_messages) ? [.. _files, .. used] : [];
        _files = kept.Sum(file => (long)file.Length) <= persistence.MaxImageBytes ? kept : [];
    }

    // The stored turn that is dropped takes its images with it.
    private void ForgetFiles(IEnumerable<ChatMessage> dropped)
    {
        var markers = Markers(dropped);
        _files = _files.Count >= markers ? _files.GetRange(0, _files.Count - markers) : [];
    }

    private int Markers(IEnumerable<ChatMessage> messages) =>
        Model.Projector is { } projector ? messages.Sum(message => message.Content.Split(projector.Marker).Length - 1) : 0;
}
