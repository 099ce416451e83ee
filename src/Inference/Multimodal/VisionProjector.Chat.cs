using Cluster.Inference.Native;
using Cluster.Inference.Text;

namespace Cluster.Inference.Multimodal;

/// <content>
/// Chats with images, tokenized as safely as text chats: the text between images goes through
/// <see cref="RenderedChat.Tokenize"/> (only the template's markup may become control tokens), and libmtmd sees each image's
/// marker on its own, so what it adds around an image (a projector's begin/end tokens) is its own markup too.
/// </content>
public sealed partial class VisionProjector
{
    /// <summary>
    /// Tokenizes a rendered chat whose contents hold one <see cref="Marker"/> per image in <paramref name="images"/>, in order,
    /// and encodes every image. <paramref name="addBeginning"/> puts BOS first where the model wants it.
    /// </summary>
    /// <exception cref="ImageDecodeException">An image is not a decodable image file, or the projector cannot prepare it.</exception>
    /// <exception cref="ArgumentException">The chat's marker count differs from the image count.</exception>
    public MultimodalPrompt Tokenize(RenderedChat chat, IReadOnlyList<ReadOnlyMemory<byte>> images, bool addBeginning)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(images);
        var parts = chat.SplitAt(Marker);
        if (parts.Count != images.Count + 1)
        {
            throw new ArgumentException($"the prompt has {parts.Count - 1} '{Marker}' markers but {images.Count} images", nameof(images));
        }

        var tokens = new List<LlamaToken>();
        var spans = new List<ImageSpan>(images.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            // libmtmd tokenizes the text between markers apart too: cutting there gives the tokens it gave.
            tokens.AddRange(parts[i].Tokenize(Model.Vocabulary, addBeginning: addBeginning && i == 0));
            if (i < images.Count)
            {
                var image = Tokenize(Marker, [images[i]], addSpecial: false, parseSpecial: true, firstImage: i);
                spans.AddRange(image.Images.Select(span => span with { Start = span.Start + tokens.Count }));
                tokens.AddRange(image.Tokens);
            }
        }

        return new MultimodalPrompt(tokens, spans);
    }
}
