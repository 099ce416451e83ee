namespace Cluster.Inference.Models;

/// <summary>A model file could not be loaded; the message names the file and the reason.</summary>
public sealed class ModelLoadException : Exception
{
    /// <summary>Creates the exception for a file.</summary>
    public ModelLoadException(string filePath, string reason, Exception? innerException = null)
        : base($"cannot load model '{filePath}': {reason}", innerException)
    {
        FilePath = filePath;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModelLoadException(string message)
        : base(message)
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ModelLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
    }

    /// <summary>Creates an empty exception.</summary>
    public ModelLoadException()
    {
        FilePath = string.Empty;
    }

    /// <summary>The file that failed.</summary>
    public string FilePath { get; }
}
