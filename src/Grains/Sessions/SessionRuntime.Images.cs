using Cluster.Inference.Generation;
using Cluster.Inference.Multimodal;
using Cluster.Inference.Native;
using Cluster.Inference.Text;

namespace Cluster.Grains.Sessions;

/// <content>
/// Images in session turns. The history keeps each image's placeholder tokens (their KV stays resident like text) and
/// its spans, so a later turn's prompt carries them again and a prompt rebuilt into a fresh slot decodes them again.
/// </content>
public sealed partial class SessionRuntime
{
    private List<ImageSpan> _historyImages = [];

    /// <summary>
    /// Tokenizes a turn's rendered new messages after <paramref name="start"/> (the history it continues). The files stand
    /// for the markers of the messages the client sent, in order; the new messages' markers take the last of them.
    /// </summary>
    private (List<LlamaToken> Prompt, IReadOnlyList<ImageSpan> Images, GenerationRequestError? Error) TokenizeTurn(
        RenderedChat rendered, IReadOnlyList<ChatMessage> newMessages, IReadOnlyList<ReadOnlyMemory<byte>> files, List<LlamaToken> start)
    {
        var prompt = new List<LlamaToken>(start);
        var previous = start.Count == 0 ? [] : _historyImages;
        var projector = Model.Projector;
        var markers = projector is null ? 0 : newMessages.Sum(message => message.Content.Split(projector.Marker).Length - 1);
        if (markers == 0)
        {
            prompt.AddRange(rendered.Tokenize(Model.Vocabulary, addBeginning: prompt.Count == 0));
            return (prompt, previous, null);
        }

        if (files.Count < markers)
        {
            return (prompt, previous, new GenerationRequestError("messages", "session_images_lost",
                "This session's earlier images are no longer held here; send the whole conversation with its images again, or start a new session."));
        }

        try
        {
            // As for text: only the template's markup becomes control tokens, message text stays text.
            var tokenized = projector!.Tokenize(rendered, [.. files.Skip(files.Count - markers)], addBeginning: prompt.Count == 0);
            var images = new List<ImageSpan>(previous);
            images.AddRange(tokenized.Images.Select(image => image with { Start = image.Start + prompt.Count }));
            prompt.AddRange(tokenized.Tokens);
            return (prompt, images, null);
        }
        catch (Exception error) when (error is ImageDecodeException or ArgumentException)
        {
            return (prompt, previous, new GenerationRequestError("messages", "invalid_image", error.Message + "."));
        }
    }
}
