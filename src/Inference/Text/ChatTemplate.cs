using System.Runtime.InteropServices;
using System.Text;
using Cluster.Inference.Native;

namespace Cluster.Inference.Text;

/// <summary>A chat template rendered by llama.cpp's built-in formats (detected from the template text).</summary>
/// <param name="Source">The template text as stored in the GGUF (tokenizer.chat_template).</param>
public sealed unsafe class ChatTemplate(string Source)
{
    /// <summary>The template text.</summary>
    public string Source { get; } = Source;

    /// <summary>Renders messages into pieces (the template's markup, the messages' contents) for <see cref="RenderedChat.Tokenize"/>.</summary>
    /// <exception cref="NotSupportedException">llama.cpp recognises no built-in format in this template, or it changes contents beyond trimming.</exception>
    public RenderedChat Render(IReadOnlyList<ChatMessage> messages, bool addAssistant)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var marked = Apply([.. messages.Select((message, index) => message with { Content = RenderedChat.Marker(index) })], addAssistant);
        return RenderedChat.Split(Apply(messages, addAssistant), marked, messages);
    }

    /// <summary>Renders messages; addAssistant appends the header that starts the assistant's answer.</summary>
    /// <exception cref="NotSupportedException">llama.cpp recognises no built-in format in this template.</exception>
    public string Apply(IReadOnlyList<ChatMessage> messages, bool addAssistant)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var strings = new List<byte[]>(messages.Count * 2 + 1) { Utf8Z(Source) };
        foreach (var message in messages)
        {
            strings.Add(Utf8Z(message.Role));
            strings.Add(Utf8Z(message.Content));
        }

        var handles = strings.Select(bytes => GCHandle.Alloc(bytes, GCHandleType.Pinned)).ToArray();
        try
        {
            var native = new LlamaChatMessage[messages.Count];
            for (var i = 0; i < messages.Count; i++)
            {
                native[i].Role = (byte*)handles[1 + 2 * i].AddrOfPinnedObject();
                native[i].Content = (byte*)handles[2 + 2 * i].AddrOfPinnedObject();
            }

            var template = (byte*)handles[0].AddrOfPinnedObject();
            var buffer = new byte[Math.Max(256, strings.Sum(s => s.Length) * 2)];
            while (true)
            {
                int length;
                fixed (LlamaChatMessage* messagePointer = native)
                fixed (byte* output = buffer)
                {
                    length = LlamaNative.llama_chat_apply_template(template, messagePointer, (nuint)native.Length, addAssistant, output, buffer.Length);
                }

                if (length < 0)
                {
                    throw new NotSupportedException("llama.cpp does not recognise this chat template; it supports its built-in formats only");
                }

                if (length <= buffer.Length)
                {
                    return Encoding.UTF8.GetString(buffer, 0, length);
                }

                buffer = new byte[length];
            }
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle.Free();
            }
        }
    }

    private static byte[] Utf8Z(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
