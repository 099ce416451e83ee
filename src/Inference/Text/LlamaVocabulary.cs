using System.Text;
using Cluster.Inference.Models;
using Cluster.Inference.Native;

namespace Cluster.Inference.Text;

/// <summary>The model's tokenizer: text ↔ tokens, token pieces, special tokens. Thread-safe (llama.cpp's tokenizer is).</summary>
public sealed unsafe class LlamaVocabulary
{
    private readonly LlamaModel _owner;
    private readonly nint _vocab;
    private LlamaToken[]? _endOfGeneration;

    internal LlamaVocabulary(LlamaModel owner, nint vocab)
    {
        _owner = owner;
        _vocab = vocab;
        TokenCount = LlamaNative.llama_vocab_n_tokens(vocab);
        BeginningOfSequence = LlamaNative.llama_vocab_bos(vocab);
        EndOfSequence = LlamaNative.llama_vocab_eos(vocab);
        EndOfTurn = LlamaNative.llama_vocab_eot(vocab);
        AddsBeginningOfSequence = LlamaNative.llama_vocab_get_add_bos(vocab);
    }

    /// <summary>Number of tokens.</summary>
    public int TokenCount { get; }

    /// <summary>BOS token.</summary>
    public LlamaToken BeginningOfSequence { get; }

    /// <summary>EOS token.</summary>
    public LlamaToken EndOfSequence { get; }

    /// <summary>EOT token (LlamaToken.Null if the model has none).</summary>
    public LlamaToken EndOfTurn { get; }

    /// <summary>Whether tokenizing with special tokens prepends BOS.</summary>
    public bool AddsBeginningOfSequence { get; }

    /// <summary>Every token that ends generation (EOS, EOT, ...).</summary>
    public IReadOnlyList<LlamaToken> EndOfGenerationTokens => _endOfGeneration ??= FindEndOfGeneration();

    /// <summary>The llama_vocab* (owned by the model, which outlives it).</summary>
    internal nint Pointer => _vocab;

    /// <summary>Tokenizes text. addSpecial adds BOS where the model wants it; parseSpecial turns "&lt;|eot_id|&gt;" etc. into control tokens.</summary>
    public LlamaToken[] Tokenize(string text, bool addSpecial, bool parseSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        var tokens = new LlamaToken[bytes.Length + 2];
        while (true)
        {
            int count;
            fixed (byte* textPointer = bytes)
            fixed (LlamaToken* tokenPointer = tokens)
            {
                count = LlamaNative.llama_tokenize(_vocab, textPointer, bytes.Length, tokenPointer, tokens.Length, addSpecial, parseSpecial);
            }

            GC.KeepAlive(_owner);
            if (count == int.MinValue)
            {
                throw new ArgumentException("the text is too long to tokenize", nameof(text));
            }

            if (count >= 0)
            {
                return tokens.AsSpan(0, count).ToArray();
            }

            tokens = new LlamaToken[-count];
        }
    }

    /// <summary>Writes the UTF-8 bytes of one token into a buffer and returns their count; special renders control tokens as text.</summary>
    public int WritePiece(LlamaToken token, Span<byte> destination, bool special = false)
    {
        fixed (byte* pointer = destination)
        {
            var length = LlamaNative.llama_token_to_piece(_vocab, token, pointer, destination.Length, 0, special);
            GC.KeepAlive(_owner);
            return length;
        }
    }

    /// <summary>The UTF-8 bytes of one token (may be part of a character).</summary>
    public byte[] GetPieceBytes(LlamaToken token, bool special = false)
    {
        Span<byte> buffer = stackalloc byte[64];
        var length = WritePiece(token, buffer, special);
        if (length >= 0)
        {
            return buffer[..length].ToArray();
        }

        var large = new byte[-length];
        WritePiece(token, large, special);
        return large;
    }

    /// <summary>Converts tokens back to text.</summary>
    public string Detokenize(ReadOnlySpan<LlamaToken> tokens, bool renderSpecial = false)
    {
        var buffer = new byte[Math.Max(16, tokens.Length * 8)];
        while (true)
        {
            int length;
            fixed (LlamaToken* tokenPointer = tokens)
            fixed (byte* textPointer = buffer)
            {
                length = LlamaNative.llama_detokenize(_vocab, tokenPointer, tokens.Length, textPointer, buffer.Length, false, renderSpecial);
            }

            GC.KeepAlive(_owner);
            if (length >= 0)
            {
                return Encoding.UTF8.GetString(buffer, 0, length);
            }

            buffer = new byte[-length];
        }
    }

    /// <summary>Whether a token ends generation.</summary>
    public bool IsEndOfGeneration(LlamaToken token)
    {
        var result = LlamaNative.llama_vocab_is_eog(_vocab, token);
        GC.KeepAlive(_owner);
        return result;
    }

    private LlamaToken[] FindEndOfGeneration()
    {
        var found = new List<LlamaToken>();
        for (var id = 0; id < TokenCount; id++)
        {
            if (LlamaNative.llama_vocab_is_eog(_vocab, new LlamaToken(id)))
            {
                found.Add(new LlamaToken(id));
            }
        }

        GC.KeepAlive(_owner);
        return [.. found];
    }
}
