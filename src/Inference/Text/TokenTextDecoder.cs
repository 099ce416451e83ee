using System.Text;
using Cluster.Inference.Native;

namespace Cluster.Inference.Text;

/// <summary>Turns generated tokens into text pieces as they arrive; a character split over tokens comes out whole once its last byte arrives.</summary>
/// <remarks>One per sequence; not thread-safe. System.Text.Decoder keeps the partial character between calls.</remarks>
public sealed class TokenTextDecoder(LlamaVocabulary vocabulary)
{
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private readonly byte[] _bytes = new byte[256];
    private readonly char[] _chars = new char[258];

    /// <summary>The text completed by this token (empty while a character is still incomplete).</summary>
    public string Append(LlamaToken token)
    {
        var length = vocabulary.WritePiece(token, _bytes);
        if (length < 0)
        {
            var large = vocabulary.GetPieceBytes(token);
            var chars = new char[large.Length + 2];
            return new string(chars, 0, _decoder.GetChars(large, chars, flush: false));
        }

        var count = _decoder.GetChars(_bytes, 0, length, _chars, 0, flush: false);
        return count == 0 ? string.Empty : new string(_chars, 0, count);
    }
}
