namespace Cluster.Inference.Gguf;

/// <summary>Thrown when a file is missing, truncated, or not a valid GGUF file; the message names the file and the problem.</summary>
public sealed class GgufFormatException : Exception
{
    /// <summary>Creates an exception saying what is wrong with the file at <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file that could not be read.</param>
    /// <param name="problem">What is wrong, e.g. "truncated at byte 24 while reading the key count".</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public GgufFormatException(string filePath, string problem, Exception? innerException = null)
        : base($"GGUF file '{filePath}': {problem}.", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>Gets the path of the file that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>Gets what is wrong with the file, without the file name.</summary>
    public string Problem { get; }
}
