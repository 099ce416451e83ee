using System.Runtime.InteropServices;
using System.Text;
using Cluster.Inference.Native;

namespace Cluster.Inference.Multimodal;

/// <content>Turning libmtmd's chunks into prompt tokens, placeholders and encoded images.</content>
public sealed unsafe partial class VisionProjector
{
    private MultimodalPrompt Collect(nint chunks, int firstImage)
    {
        var tokens = new List<LlamaToken>();
        var images = new List<ImageSpan>();
        var count = (int)LlamaNative.mtmd_input_chunks_size(chunks);
        for (var i = 0; i < count; i++)
        {
            var chunk = LlamaNative.mtmd_input_chunks_get(chunks, (nuint)i);
            if (LlamaNative.mtmd_input_chunk_get_type(chunk) == MtmdChunkType.Text)
            {
                nuint length;
                var text = LlamaNative.mtmd_input_chunk_get_tokens_text(chunk, &length);
                tokens.AddRange(new ReadOnlySpan<LlamaToken>(text, (int)length));
                continue;
            }

            var image = Encode(chunk, tokens.Count, firstImage + images.Count);
            AddPlaceholders(tokens, image);
            images.Add(image);
        }

        return new MultimodalPrompt(tokens, images);
    }

    private ImageSpan Encode(nint chunk, int start, int index)
    {
        var positions = (int)LlamaNative.mtmd_input_chunk_get_n_tokens(chunk);
        var id = Marshal.PtrToStringUTF8((nint)LlamaNative.mtmd_input_chunk_get_id(chunk)) ?? string.Empty;
        var embeddings = new float[(long)positions * Model.EmbeddingLength];
        lock (_encodeGate)
        {
            if (LlamaNative.mtmd_encode_chunk(_handle, chunk) != 0)
            {
                throw new ImageDecodeException(index, "could not be encoded by the projector");
            }

            new ReadOnlySpan<float>(LlamaNative.mtmd_get_output_embd(_handle), embeddings.Length).CopyTo(embeddings);
        }

        return new ImageSpan(start, positions, embeddings, id);
    }

    // Placeholder ids in the vocabulary's range, drawn from the image id: the same image always gets the same run.
    private void AddPlaceholders(List<LlamaToken> tokens, ImageSpan image)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(image.Id))
        {
            hash = (hash ^ b) * 0x100000001B3UL;
        }

        var random = new ModelCreation.SplitMix64(hash);
        var vocabulary = (ulong)Model.Vocabulary.TokenCount;
        for (var i = 0; i < image.Count; i++)
        {
            tokens.Add(new LlamaToken((int)(random.Next() % vocabulary)));
        }
    }
}
