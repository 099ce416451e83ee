namespace Cluster.Inference.Models;

/// <summary>A LoRA adapter file could not be loaded; the message names the file and the reason.</summary>
public sealed class LoraAdapterLoadException : Exception
{
    /// <summary>Creates the exception for a file.</summary>
    public LoraAdapterLoadException(string filePath, string reason, Exception? innerException = null)
        : base($"cannot load LoRA adapter '{filePath}': {reason}", innerException)
    {
        FilePath = filePath;
    }

    /// <summary>Creates the exception with a message.</summary>
    public LoraAdapterLoadException(string message)
        : base(message)
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public LoraAdapterLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates an empty exception.</summary>
    public LoraAdapterLoadException()
    {
        FilePath = string.Empty;
    }

    /// <summary>The file that failed.</summary>
    public string FilePath { get; }
}
