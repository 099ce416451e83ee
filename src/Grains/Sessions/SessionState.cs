namespace Cluster.Grains.Sessions;

/// <summary>A session's stored state: whose it is, its model and its conversation; written at the end of every turn.</summary>
[GenerateSerializer, Alias("cluster.session-state")]
public sealed class SessionState
{
    /// <summary>The API key id that created it; null when the gateway runs without keys.</summary>
    [Id(0)]
    public string? Owner { get; set; }

    /// <summary>Its model; empty until it is first claimed.</summary>
    [Id(1)]
    public string Model { get; set; } = string.Empty;

    /// <summary>The conversation, each turn's answer included.</summary>
    [Id(2)]
    public List<SessionMessage> Messages { get; set; } = [];

    /// <summary>Tokens of history at the last turn.</summary>
    [Id(3)]
    public int HistoryTokens { get; set; }

    /// <summary>Trailing messages of the last turn not yet confirmed delivered (<see cref="SessionRecord.UndeliveredMessages"/>).</summary>
    [Id(5)]
    public int UndeliveredMessages { get; set; }

    /// <summary>The image files of the conversation's image markers, in order, to encode them again when the KV is gone; empty when none are kept.</summary>
    [Id(6)]
    public List<byte[]> Images { get; set; } = [];

    /// <summary>When its last turn ended.</summary>
    [Id(4)]
    public DateTimeOffset? UpdatedAt { get; set; }
}
