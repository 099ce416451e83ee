using System.Security.Cryptography;
using Cluster.Inference.Gguf;

namespace Cluster.Grains.Models;

/// <summary>A short hash that tells identical GGUF weights apart from others of the same shape.</summary>
internal static class ModelFingerprint
{
    private const int SampledDataBytes = 1 << 20;

    /// <summary>SHA-256 over the header and metadata, the file length and the first MiB of tensor data.</summary>
    public static string Compute(string path)
    {
        var file = GgufReader.Read(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var length = (int)Math.Min(file.FileLength, file.DataOffset + SampledDataBytes);
        var buffer = new byte[length];
        stream.ReadExactly(buffer);
        hash.AppendData(buffer);
        hash.AppendData(BitConverter.GetBytes(file.FileLength));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }
}
