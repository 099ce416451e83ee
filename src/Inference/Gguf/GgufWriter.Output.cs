namespace Cluster.Inference.Gguf;

/// <content>Writing the file.</content>
public sealed partial class GgufWriter
{
    private const int FileBufferSize = 4 << 20;

    /// <summary>
    /// Writes the file to <paramref name="path"/>: first to <c>{path}.partial</c>, which is renamed over
    /// <paramref name="path"/> only once complete and removed if writing fails or is cancelled.
    /// </summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var headerBytes = EncodeHeader();
        var partialPath = path + ".partial";
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = FileBufferSize,
                PreallocationSize = headerBytes.Length + DataSize,
                Options = FileOptions.Asynchronous,
            };
            var stream = new FileStream(partialPath, options);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(headerBytes, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < tensors.Count; i++)
                {
                    await WriteTensorDataAsync(stream, headerBytes.Length, tensors[i], dataWriters[i], cancellationToken).ConfigureAwait(false);
                }

                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(partialPath, path, overwrite: true);
        }
        catch
        {
            File.Delete(partialPath);
            throw;
        }
    }

    private async Task WriteTensorDataAsync(
        FileStream stream,
        long dataOffset,
        GgufTensorInfo tensor,
        Func<GgufTensorInfo, Stream, CancellationToken, ValueTask> writeData,
        CancellationToken cancellationToken)
    {
        var start = dataOffset + tensor.Offset;
        if (stream.Position != start)
        {
            throw new InvalidOperationException($"Tensor '{tensor.Name}' would start at byte {stream.Position}, not at its offset {start}.");
        }

        await writeData(tensor, stream, cancellationToken).ConfigureAwait(false);
        var written = stream.Position - start;
        if (written != tensor.ByteSize)
        {
            throw new InvalidOperationException($"The data writer of tensor '{tensor.Name}' wrote {written} bytes, expected {tensor.ByteSize}.");
        }

        var padding = GgufReader.AlignUp(written, Alignment) - written;
        if (padding > 0)
        {
            await stream.WriteAsync(new byte[padding], cancellationToken).ConfigureAwait(false);
        }
    }

    private byte[] EncodeHeader()
    {
        if (header is null)
        {
            // A reader assumes 32 without the key, so any other alignment must be stated.
            var entries = metadata.ToList();
            if (Alignment != GgufReader.DefaultAlignment && !metadata.ContainsKey(GgufMetadataKeys.Alignment))
            {
                entries.Add(new(GgufMetadataKeys.Alignment, GgufValue.From(Alignment)));
            }

            header = GgufHeaderEncoder.Encode(entries, tensors, Alignment);
        }

        return header;
    }
}
