using Cluster.Inference.Generation;
using Cluster.Inference.Native;

namespace Cluster.Inference.Tests.Fixtures;

/// <summary>Runs a generation to the end and collects what was streamed.</summary>
public static class Generate
{
    public static async Task<GenerationOutput> CollectAsync(TextGenerator generator, GenerationRequest request, CancellationToken cancellationToken = default)
    {
        var pieces = new List<string>();
        var tokens = new List<LlamaToken>();
        GenerationSummary? summary = null;
        await foreach (var chunk in generator.GenerateAsync(request, cancellationToken))
        {
            pieces.Add(chunk.Text);
            tokens.AddRange(chunk.Tokens);
            summary = chunk.Summary ?? summary;
        }

        return new GenerationOutput(pieces, tokens, summary ?? throw new InvalidOperationException("no summary chunk"));
    }
}

public sealed record GenerationOutput(IReadOnlyList<string> Pieces, IReadOnlyList<LlamaToken> Tokens, GenerationSummary Summary)
{
    public string Text => string.Concat(Pieces);

    public int[] TokenIds => [.. Tokens.Select(token => token.Value)];
}
