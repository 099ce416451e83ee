using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

/// <content>libmtmd (tools/mtmd/mtmd.h, mtmd-helper.h): vision projectors, image decoding, image chunks.</content>
internal static unsafe partial class LlamaNative
{
    /// <summary>Logical name of libmtmd (optional: only multimodal models need it).</summary>
    internal const string Mtmd = "mtmd";

    /// <summary>Routes libmtmd's (and its helpers') log lines to a callback.</summary>
    [LibraryImport(Mtmd)]
    public static partial void mtmd_helper_log_set(delegate* unmanaged<GgmlLogLevel, byte*, void*, void> callback, void* userData);

    /// <summary>Default multimodal context parameters.</summary>
    [LibraryImport(Mtmd)]
    public static partial MtmdContextParams mtmd_context_params_default();

    /// <summary>Loads a projector GGUF for a text model; returns null on failure (reason in the log).</summary>
    [LibraryImport(Mtmd, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint mtmd_init_from_file(string projectorPath, SafeLlamaModelHandle textModel, MtmdContextParams parameters);

    /// <summary>Frees a multimodal context.</summary>
    [LibraryImport(Mtmd)]
    public static partial void mtmd_free(nint context);

    /// <summary>Whether the projector takes images.</summary>
    [LibraryImport(Mtmd)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool mtmd_support_vision(SafeMtmdContextHandle context);

    /// <summary>Whether image chunks must be decoded with a non-causal mask (Gemma 3); null chunk = images in general.</summary>
    [LibraryImport(Mtmd)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool mtmd_decode_use_non_causal(SafeMtmdContextHandle context, nint chunk);

    /// <summary>Whether the text model uses M-RoPE positions (Qwen2-VL), four per embedding.</summary>
    [LibraryImport(Mtmd)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool mtmd_decode_use_mrope(SafeMtmdContextHandle context);

    /// <summary>The media marker the prompt carries where each bitmap goes.</summary>
    [LibraryImport(Mtmd)]
    public static partial byte* mtmd_default_marker();

    /// <summary>Decodes an image file held in memory (stb_image: jpg, png, bmp, gif, ...); the bitmap is null when it cannot.</summary>
    [LibraryImport(Mtmd)]
    public static partial MtmdBitmapWrapper mtmd_helper_bitmap_init_from_buf(
        SafeMtmdContextHandle context, byte* buffer, nuint length, [MarshalAs(UnmanagedType.U1)] bool placeholder, MtmdHelperInitOptions options);

    /// <summary>Default options for the bitmap helpers.</summary>
    [LibraryImport(Mtmd)]
    public static partial MtmdHelperInitOptions mtmd_helper_init_opt_default();

    /// <summary>Image width in pixels.</summary>
    [LibraryImport(Mtmd)]
    public static partial uint mtmd_bitmap_get_nx(nint bitmap);

    /// <summary>Image height in pixels.</summary>
    [LibraryImport(Mtmd)]
    public static partial uint mtmd_bitmap_get_ny(nint bitmap);

    /// <summary>The bitmap's id (SHA-256 of the file for helper-made bitmaps), used as the image chunk's id.</summary>
    [LibraryImport(Mtmd)]
    public static partial byte* mtmd_bitmap_get_id(nint bitmap);

    /// <summary>Frees a bitmap.</summary>
    [LibraryImport(Mtmd)]
    public static partial void mtmd_bitmap_free(nint bitmap);

    /// <summary>Creates an empty chunk list.</summary>
    [LibraryImport(Mtmd)]
    public static partial nint mtmd_input_chunks_init();

    /// <summary>Number of chunks.</summary>
    [LibraryImport(Mtmd)]
    public static partial nuint mtmd_input_chunks_size(nint chunks);

    /// <summary>The i-th chunk (owned by the list).</summary>
    [LibraryImport(Mtmd)]
    public static partial nint mtmd_input_chunks_get(nint chunks, nuint index);

    /// <summary>Frees a chunk list and its chunks.</summary>
    [LibraryImport(Mtmd)]
    public static partial void mtmd_input_chunks_free(nint chunks);

    /// <summary>Splits a prompt with media markers and its bitmaps into text and media chunks: 0 ok, 1 marker/bitmap count mismatch, 2 preprocessing error.</summary>
    [LibraryImport(Mtmd)]
    public static partial int mtmd_tokenize(SafeMtmdContextHandle context, nint output, MtmdInputText* text, nint* bitmaps, nuint bitmapCount);

    /// <summary>A chunk's type.</summary>
    [LibraryImport(Mtmd)]
    public static partial MtmdChunkType mtmd_input_chunk_get_type(nint chunk);

    /// <summary>A text chunk's tokens (owned by the chunk).</summary>
    [LibraryImport(Mtmd)]
    public static partial LlamaToken* mtmd_input_chunk_get_tokens_text(nint chunk, nuint* count);

    /// <summary>Number of tokens (text) or embeddings (media) of a chunk.</summary>
    [LibraryImport(Mtmd)]
    public static partial nuint mtmd_input_chunk_get_n_tokens(nint chunk);

    /// <summary>A media chunk's id (the bitmap's id: SHA-256 of the image file).</summary>
    [LibraryImport(Mtmd)]
    public static partial byte* mtmd_input_chunk_get_id(nint chunk);

    /// <summary>Number of positions a chunk takes in the sequence (differs from the token count with M-RoPE).</summary>
    [LibraryImport(Mtmd)]
    public static partial int mtmd_input_chunk_get_n_pos(nint chunk);

    /// <summary>Runs the projector on a media chunk: 0 on success.</summary>
    [LibraryImport(Mtmd)]
    public static partial int mtmd_encode_chunk(SafeMtmdContextHandle context, nint chunk);

    /// <summary>The embeddings of the last encode: n_tokens × n_embd floats, owned by the context until the next encode.</summary>
    [LibraryImport(Mtmd)]
    public static partial float* mtmd_get_output_embd(SafeMtmdContextHandle context);
}
