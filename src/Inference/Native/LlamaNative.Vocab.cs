using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

internal static unsafe partial class LlamaNative
{
    /// <summary>Number of tokens in the vocabulary.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_vocab_n_tokens(nint vocab);

    /// <summary>Tokenizes UTF-8 text; returns the count, or minus the needed count if the buffer is too small (int.MinValue on overflow).</summary>
    [LibraryImport(Llama)]
    public static partial int llama_tokenize(nint vocab, byte* text, int textLength, LlamaToken* tokens, int maxTokens,
        [MarshalAs(UnmanagedType.U1)] bool addSpecial, [MarshalAs(UnmanagedType.U1)] bool parseSpecial);

    /// <summary>Writes a token's UTF-8 bytes (no NUL); returns the length, or minus the needed length.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_token_to_piece(nint vocab, LlamaToken token, byte* buffer, int length, int leftStrip,
        [MarshalAs(UnmanagedType.U1)] bool special);

    /// <summary>Converts tokens to UTF-8 text; returns the length, or minus the needed length.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_detokenize(nint vocab, LlamaToken* tokens, int tokenCount, byte* text, int maxLength,
        [MarshalAs(UnmanagedType.U1)] bool removeSpecial, [MarshalAs(UnmanagedType.U1)] bool unparseSpecial);

    /// <summary>Whether a token ends generation (EOS, EOT, ...).</summary>
    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool llama_vocab_is_eog(nint vocab, LlamaToken token);

    /// <summary>Whether a token is a control token.</summary>
    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool llama_vocab_is_control(nint vocab, LlamaToken token);

    /// <summary>Beginning-of-sequence token.</summary>
    [LibraryImport(Llama)]
    public static partial LlamaToken llama_vocab_bos(nint vocab);

    /// <summary>End-of-sequence token.</summary>
    [LibraryImport(Llama)]
    public static partial LlamaToken llama_vocab_eos(nint vocab);

    /// <summary>End-of-turn token.</summary>
    [LibraryImport(Llama)]
    public static partial LlamaToken llama_vocab_eot(nint vocab);

    /// <summary>Whether BOS is added when tokenizing with addSpecial.</summary>
    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool llama_vocab_get_add_bos(nint vocab);

    /// <summary>The token's text as stored in the vocabulary.</summary>
    [LibraryImport(Llama)]
    public static partial byte* llama_vocab_get_text(nint vocab, LlamaToken token);
}
