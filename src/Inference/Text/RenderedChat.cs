using System.Text.RegularExpressions;
using Cluster.Inference.Native;

namespace Cluster.Inference.Text;

/// <summary>
/// A chat rendered by its template, kept as pieces so that only the template's own markup can become control tokens:
/// a message that holds "&lt;|eot_id|&gt;" says those characters, it does not end its turn.
/// </summary>
public sealed partial class RenderedChat
{
    private RenderedChat(IReadOnlyList<ChatPromptPiece> pieces)
    {
        Pieces = pieces;
        Text = string.Concat(pieces.Select(piece => piece.Text));
    }

    /// <summary>The pieces in prompt order.</summary>
    public IReadOnlyList<ChatPromptPiece> Pieces { get; }

    /// <summary>The whole prompt text.</summary>
    public string Text { get; }

    /// <summary>
    /// Tokenizes the prompt: the template's pieces with special tokens parsed, the messages' contents as plain text.
    /// <paramref name="addBeginning"/> puts BOS first where the model wants it.
    /// </summary>
    /// <remarks>
    /// A prompt whose contents hold no control-token text is tokenized whole, which gives exactly the tokens of the
    /// rendered string (tokenizing pieces apart can differ at their seams on tokenizers that prefix a space).
    /// </remarks>
    public LlamaToken[] Tokenize(LlamaVocabulary vocabulary, bool addBeginning)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (!Pieces.Any(piece => piece.IsContent && HoldsControlText(vocabulary, piece.Text)))
        {
            return vocabulary.Tokenize(Text, addSpecial: addBeginning, parseSpecial: true);
        }

        var tokens = new List<LlamaToken>();
        if (addBeginning && vocabulary.AddsBeginningOfSequence)
        {
            tokens.Add(vocabulary.BeginningOfSequence);
        }

        foreach (var piece in Pieces)
        {
            tokens.AddRange(vocabulary.Tokenize(piece.Text, addSpecial: false, parseSpecial: !piece.IsContent));
        }

        return [.. tokens];
    }

    /// <summary>
    /// The prompt cut at each <paramref name="marker"/> in the messages' contents (where an image goes): one part more
    /// than there are markers, each keeping which of its pieces are the template's.
    /// </summary>
    public IReadOnlyList<RenderedChat> SplitAt(string marker)
    {
        ArgumentException.ThrowIfNullOrEmpty(marker);
        var parts = new List<List<ChatPromptPiece>> { new() };
        foreach (var piece in Pieces)
        {
            var texts = piece.IsContent ? piece.Text.Split(marker) : [piece.Text];
            for (var i = 0; i < texts.Length; i++)
            {
                if (i > 0)
                {
                    parts.Add([]);
                }

                if (texts[i].Length > 0)
                {
                    parts[^1].Add(piece with { Text = texts[i] });
                }
            }
        }

        return [.. parts.Select(part => new RenderedChat(part))];
    }

    /// <summary>
    /// Splits <paramref name="rendered"/> (the messages rendered) by <paramref name="marked"/> (the same messages rendered
    /// with each content replaced by <see cref="Marker"/>): what lies between markers is the template's.
    /// </summary>
    /// <exception cref="NotSupportedException">The template changes contents beyond trimming them, so they cannot be told apart.</exception>
    internal static RenderedChat Split(string rendered, string marked, IReadOnlyList<ChatMessage> messages)
    {
        var pieces = new List<ChatPromptPiece>();
        var markers = MarkerPattern().Matches(marked);
        var position = 0;
        var cursor = 0;
        for (var m = 0; m <= markers.Count; m++)
        {
            var templateEnd = m < markers.Count ? markers[m].Index : marked.Length;
            var template = marked[cursor..templateEnd];
            if (!rendered.AsSpan(position).StartsWith(template, StringComparison.Ordinal))
            {
                throw Unsplittable();
            }

            pieces.Add(new ChatPromptPiece(template, IsContent: false));
            position += template.Length;
            if (m == markers.Count)
            {
                break;
            }

            cursor = markers[m].Index + markers[m].Length;
            var nextTemplate = marked[cursor..(m + 1 < markers.Count ? markers[m + 1].Index : marked.Length)];
            var content = FindContent(rendered, position, messages[int.Parse(markers[m].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)].Content, nextTemplate);
            pieces.Add(new ChatPromptPiece(content, IsContent: true));
            position += content.Length;
        }

        return position == rendered.Length ? new RenderedChat([.. pieces.Where(piece => piece.Text.Length > 0)]) : throw Unsplittable();
    }

    /// <summary>The stand-in for message <paramref name="index"/>'s content: private-use characters no template trims.</summary>
    internal static string Marker(int index) => $"\uE000{index}\uE001";

    // Templates render a content as it is or trimmed (llama.cpp's Llama 3 format trims).
    private static string FindContent(string rendered, int position, string content, string nextTemplate)
    {
        foreach (var candidate in (string[])[content, content.Trim(), content.TrimStart(), content.TrimEnd()])
        {
            var rest = rendered.AsSpan(position);
            if (rest.StartsWith(candidate, StringComparison.Ordinal) && rest[candidate.Length..].StartsWith(nextTemplate, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        throw Unsplittable();
    }

    private static bool HoldsControlText(LlamaVocabulary vocabulary, string text) =>
        !vocabulary.Tokenize(text, addSpecial: false, parseSpecial: true).AsSpan().SequenceEqual(vocabulary.Tokenize(text, addSpecial: false, parseSpecial: false));

    private static NotSupportedException Unsplittable() =>
        new("the chat template changes message contents beyond trimming them, so its markup cannot be told from the messages");

    [GeneratedRegex("\uE000([0-9]+)\uE001")]
    private static partial Regex MarkerPattern();
}
