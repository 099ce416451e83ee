namespace Cluster.Inference.Native;

/// <summary>mtmd_input_chunk_type.</summary>
internal enum MtmdChunkType
{
    /// <summary>Text tokens.</summary>
    Text = 0,

    /// <summary>Image embeddings.</summary>
    Image = 1,

    /// <summary>Audio embeddings.</summary>
    Audio = 2,
}
