namespace Cluster.Inference.ModelCreation;

/// <summary>How far writing a model file has got.</summary>
/// <param name="BytesWritten">The bytes of the file written so far.</param>
/// <param name="TotalBytes">The size the file will have.</param>
/// <param name="CurrentTensor">The tensor being written, or empty once the file is complete.</param>
public readonly record struct ModelCreationProgress(long BytesWritten, long TotalBytes, string CurrentTensor);
