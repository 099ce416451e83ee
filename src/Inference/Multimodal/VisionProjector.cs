using System.Runtime.InteropServices;
using Cluster.Inference.Models;
using Cluster.Inference.Native;

namespace Cluster.Inference.Multimodal;

/// <summary>
/// A vision projector (mmproj GGUF) loaded by libmtmd for one text model: decodes image files (stb_image), splits a
/// prompt with media markers into text and image chunks, and runs the encoder on each image. Thread-safe: encodes
/// take turns on one lock (libmtmd's context is not reentrant); decoding and tokenizing run in parallel.
/// </summary>
public sealed unsafe partial class VisionProjector : IDisposable
{
    private readonly SafeMtmdContextHandle _handle;
    private readonly Lock _encodeGate = new();

    private VisionProjector(string path, LlamaModel model, SafeMtmdContextHandle handle)
    {
        FilePath = path;
        Model = model;
        _handle = handle;
        Marker = Marshal.PtrToStringUTF8((nint)LlamaNative.mtmd_default_marker())!;
    }

    /// <summary>The projector file.</summary>
    public string FilePath { get; }

    /// <summary>The text model the embeddings feed.</summary>
    public LlamaModel Model { get; }

    /// <summary>The marker a prompt carries where each image goes, e.g. <c>&lt;__media__&gt;</c>.</summary>
    public string Marker { get; }

    /// <summary>Loads a projector for <paramref name="model"/>.</summary>
    /// <exception cref="ModelLoadException">libmtmd is missing, the file is not a vision projector for this model, or its model type needs decoding this server does not do.</exception>
    public static VisionProjector Load(LlamaModel model, string path, VisionProjectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new VisionProjectorOptions();
        if (!LlamaLibrary.MultimodalAvailable)
        {
            throw new ModelLoadException(path, $"libmtmd is not in '{LlamaLibrary.LoadedDirectory}'; build it with scripts/build-mtmd-cpu.sh (CPU) or scripts/build-llama-cuda.sh");
        }

        if (!File.Exists(path))
        {
            throw new ModelLoadException(path, "file not found");
        }

        var parameters = LlamaNative.mtmd_context_params_default();
        parameters.UseGpu = options.UseGpu ? (byte)1 : (byte)0;
        parameters.ThreadCount = options.Threads;
        parameters.Warmup = options.Warmup ? (byte)1 : (byte)0;
        parameters.PrintTimings = 0;
        var context = LlamaNative.mtmd_init_from_file(path, model.Handle, parameters);
        if (context == 0)
        {
            throw new ModelLoadException(path, "libmtmd could not load it as a projector for this model (see the log: wrong file, or an embedding width that does not match the model's)");
        }

        var handle = new SafeMtmdContextHandle(context);
        if (!LlamaNative.mtmd_support_vision(handle) || LlamaNative.mtmd_decode_use_mrope(handle) || LlamaNative.mtmd_decode_use_non_causal(handle, 0))
        {
            handle.Dispose();
            throw new ModelLoadException(path,
                "the projector has no vision encoder, or its model needs M-RoPE positions or non-causal image attention, which this server does not decode yet");
        }

        return new VisionProjector(Path.GetFullPath(path), model, handle);
    }

    /// <summary>
    /// Tokenizes <paramref name="prompt"/>, whose <see cref="Marker"/>s stand for <paramref name="images"/> in order, and
    /// encodes every image.
    /// </summary>
    /// <exception cref="ImageDecodeException">An image is not a decodable image file, or the projector cannot prepare it.</exception>
    /// <exception cref="ArgumentException">The prompt's marker count differs from the image count.</exception>
    public MultimodalPrompt Tokenize(string prompt, IReadOnlyList<ReadOnlyMemory<byte>> images, bool addSpecial, bool parseSpecial) =>
        Tokenize(prompt, images, addSpecial, parseSpecial, firstImage: 0);

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();

    // firstImage: the prompt-order number of images[0], for errors.
    private MultimodalPrompt Tokenize(string prompt, IReadOnlyList<ReadOnlyMemory<byte>> images, bool addSpecial, bool parseSpecial, int firstImage)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(images);
        var bitmaps = new nint[images.Count];
        var chunks = LlamaNative.mtmd_input_chunks_init();
        try
        {
            for (var i = 0; i < images.Count; i++)
            {
                bitmaps[i] = DecodeImage(images[i].Span, firstImage + i);
            }

            var text = System.Text.Encoding.UTF8.GetBytes(prompt);
            int result;
            fixed (byte* textPointer = text)
            fixed (nint* bitmapPointer = bitmaps)
            {
                var input = new MtmdInputText
                {
                    Text = textPointer,
                    Length = (nuint)text.Length,
                    AddSpecial = addSpecial ? (byte)1 : (byte)0,
                    ParseSpecial = parseSpecial ? (byte)1 : (byte)0,
                };
                result = LlamaNative.mtmd_tokenize(_handle, chunks, &input, bitmapPointer, (nuint)bitmaps.Length);
            }

            return result switch
            {
                0 => Collect(chunks, firstImage),
                1 => throw new ArgumentException($"the prompt has a different number of '{Marker}' markers than the {images.Count} images", nameof(prompt)),
                _ => throw new ImageDecodeException("an image could not be prepared for the projector (its size or shape is not supported)"),
            };
        }
        finally
        {
            LlamaNative.mtmd_input_chunks_free(chunks);
            foreach (var bitmap in bitmaps)
            {
                if (bitmap != 0)
                {
                    LlamaNative.mtmd_bitmap_free(bitmap);
                }
            }
        }
    }

    private nint DecodeImage(ReadOnlySpan<byte> file, int index)
    {
        if (file.IsEmpty)
        {
            throw new ImageDecodeException(index, "is empty");
        }

        fixed (byte* pointer = file)
        {
            var wrapper = LlamaNative.mtmd_helper_bitmap_init_from_buf(_handle, pointer, (nuint)file.Length, placeholder: false, LlamaNative.mtmd_helper_init_opt_default());
            if (wrapper.Bitmap == 0 || LlamaNative.mtmd_bitmap_get_nx(wrapper.Bitmap) == 0)
            {
                if (wrapper.Bitmap != 0)
                {
                    LlamaNative.mtmd_bitmap_free(wrapper.Bitmap);
                }

                throw new ImageDecodeException(index, "could not be decoded; send a JPEG, PNG, GIF, BMP, TGA, PSD, HDR or PNM image");
            }

            return wrapper.Bitmap;
        }
    }
}
