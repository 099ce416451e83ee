using System.Text;
using Cluster.Contracts.OpenAI;
using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Text;

namespace Cluster.Silo.Generation;

/// <summary>Writes engine log probabilities in OpenAI's chat and legacy completion layouts; tokens as their text and UTF-8 bytes.</summary>
/// <param name="Vocabulary">The model's vocabulary, to render tokens.</param>
internal sealed record LogProbWire(LlamaVocabulary Vocabulary)
{
    /// <summary>The chat layout of <paramref name="logProbs"/> (none: an empty list).</summary>
    public ChatLogProbs Chat(IReadOnlyList<TokenLogProb>? logProbs) => new()
    {
        Content = [.. (logProbs ?? []).Select(p => Entry(p.Token, p.LogProb) with { TopLogprobs = [.. p.Top.Select(t => Entry(t.Token, t.LogProb))] })],
    };

    /// <summary>The legacy layout of <paramref name="logProbs"/>; text offsets continue from <paramref name="offset"/>, which moves past them.</summary>
    public CompletionLogProbs Completion(IReadOnlyList<TokenLogProb>? logProbs, ref int offset)
    {
        var entries = logProbs ?? [];
        var tokens = entries.Select(p => Text(p.Token)).ToList();
        var offsets = new List<int>(tokens.Count);
        foreach (var token in tokens)
        {
            offsets.Add(offset);
            offset += token.Length;
        }

        return new CompletionLogProbs
        {
            Tokens = tokens,
            TokenLogprobs = [.. entries.Select(p => p.LogProb)],
            TopLogprobs = [.. entries.Select(p => (IReadOnlyDictionary<string, float>)p.Top.GroupBy(t => Text(t.Token), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().LogProb, StringComparer.Ordinal))],
            TextOffset = offsets,
        };
    }

    private ChatTokenLogProb Entry(LlamaToken token, float logProb)
    {
        var bytes = Vocabulary.GetPieceBytes(token);
        return new ChatTokenLogProb { Token = Encoding.UTF8.GetString(bytes), Logprob = logProb, Bytes = [.. bytes.Select(b => (int)b)] };
    }

    private string Text(LlamaToken token) => Encoding.UTF8.GetString(Vocabulary.GetPieceBytes(token));
}
