using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

internal static unsafe partial class LlamaNative
{
    /// <summary>A sampler that sets every token the GBNF grammar cannot take next to -∞; an invalid handle when the grammar does not parse (llama.cpp logs why).</summary>
    /// <remarks>End-of-generation tokens pass only once the grammar's root is complete. Accepting a token advances the grammar.</remarks>
    [LibraryImport(Llama, StringMarshalling = StringMarshalling.Utf8)]
    public static partial SafeLlamaSamplerHandle llama_sampler_init_grammar(nint vocab, string grammar, string root);
}
