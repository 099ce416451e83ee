using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

/// <summary>Mirror of llama_chat_message: UTF-8, NUL-terminated role and content.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaChatMessage
{
    /// <summary>Role ("system", "user", "assistant").</summary>
    public byte* Role;

    /// <summary>Message text.</summary>
    public byte* Content;
}
