using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

/// <summary>Mirror of mtmd_input_text.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MtmdInputText
{
    /// <summary>UTF-8 text (not necessarily terminated).</summary>
    public byte* Text;

    /// <summary>Its length in bytes.</summary>
    public nuint Length;

    /// <summary>Add BOS and similar.</summary>
    public byte AddSpecial;

    /// <summary>Parse special tokens in the text.</summary>
    public byte ParseSpecial;
}
