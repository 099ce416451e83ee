namespace Cluster.Contracts.Encode;

/// <summary>The answer to an <see cref="EncodeRequest"/> whose input was a list of strings: one entry per string, in order.</summary>
public sealed record EncodeBatchResponse
{
    /// <summary>The token ids of each string.</summary>
    public required IReadOnlyList<IReadOnlyList<int>> InputIds { get; init; }

    /// <summary>How many ids each string has.</summary>
    public required IReadOnlyList<int> Length { get; init; }
}
