namespace Cluster.Inference.Native;

/// <summary>llama.cpp's libraries are not where they were looked for.</summary>
public sealed class LlamaLibraryNotFoundException : Exception
{
    /// <summary>Creates the exception for a folder and the file names that were tried.</summary>
    public LlamaLibraryNotFoundException(string folder, IReadOnlyList<string> triedNames)
        : base($"llama.cpp library not found in '{folder}': none of {string.Join(", ", triedNames)} exists. " +
               "Fetch the CPU build with 'bash scripts/fetch-llama.sh cpu' (the build does this into .native/llama-cpu and copies it to bin/.../llama), " +
               "build the CUDA one with 'bash scripts/build-llama-cuda.sh 90', " +
               $"or point {LlamaLibrary.DirectoryVariable} at a folder that holds them.")
    {
        Folder = folder;
    }

    /// <summary>Creates the exception with a message.</summary>
    public LlamaLibraryNotFoundException(string message)
        : base(message)
    {
        Folder = string.Empty;
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public LlamaLibraryNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        Folder = string.Empty;
    }

    /// <summary>Creates an empty exception.</summary>
    public LlamaLibraryNotFoundException()
    {
        Folder = string.Empty;
    }

    /// <summary>The folder that was searched.</summary>
    public string Folder { get; }
}
