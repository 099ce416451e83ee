using Cluster.Inference.Text;

namespace Cluster.Grains.Sessions;

/// <summary>A session moved between silos: conversation, token history and KV bytes, tied to the exact model.</summary>
/// <param name="Version">Format version; importers refuse versions they do not know.</param>
/// <param name="SessionId">The session.</param>
/// <param name="ModelId">The model id it runs on.</param>
/// <param name="ModelFingerprint">The exact weights (<see cref="Models.IModelGrain.Fingerprint"/>).</param>
/// <param name="Messages">The conversation so far.</param>
/// <param name="HistoryTokens">The token history (prompt of the next turn starts with it).</param>
/// <param name="KvTokens">Tokens whose KV <paramref name="KvState"/> holds.</param>
/// <param name="KvState">llama.cpp sequence state bytes; empty to rebuild from history.</param>
public sealed record SessionExport(
    int Version,
    string SessionId,
    string ModelId,
    string ModelFingerprint,
    IReadOnlyList<ChatMessage> Messages,
    IReadOnlyList<int> HistoryTokens,
    IReadOnlyList<int> KvTokens,
    byte[] KvState)
{
    /// <summary>The format this build writes and reads.</summary>
    public const int CurrentVersion = 1;
}
