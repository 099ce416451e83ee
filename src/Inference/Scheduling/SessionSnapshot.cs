using Cluster.Inference.Native;

namespace Cluster.Inference.Scheduling;

/// <summary>A session's KV moved out of a scheduler: the tokens it covers and llama.cpp's sequence state bytes.</summary>
/// <param name="Key">The session.</param>
/// <param name="Tokens">Tokens whose KV the state holds, in position order.</param>
/// <param name="KvState">llama_state_seq_get_data output; empty when only the tokens are known (rebuild on import).</param>
public sealed record SessionSnapshot(string Key, IReadOnlyList<LlamaToken> Tokens, byte[] KvState);
