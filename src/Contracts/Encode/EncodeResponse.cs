namespace Cluster.Contracts.Encode;

/// <summary>The answer to an <see cref="EncodeRequest"/> whose input was one string.</summary>
public sealed record EncodeResponse
{
    /// <summary>The token ids.</summary>
    public required IReadOnlyList<int> InputIds { get; init; }

    /// <summary>How many there are.</summary>
    public required int Length { get; init; }
}
