using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

internal static unsafe partial class LlamaNative
{
    /// <summary>Renders messages with a built-in template detected from tmpl; returns the full length (may exceed the buffer) or a negative value if the template is not supported.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_chat_apply_template(byte* template, LlamaChatMessage* messages, nuint messageCount,
        [MarshalAs(UnmanagedType.U1)] bool addAssistant, byte* buffer, int length);

    /// <summary>Names of the built-in templates; returns their count.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_chat_builtin_templates(byte** output, nuint length);
}
