using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Scheduling;

namespace Cluster.Inference.Tests.Fixtures;

/// <summary>Runs a generation to the end and collects what was streamed.</summary>
public static class Generate
{
    private static async Task<GenerationOutput> CollectAsync(IAsyncEnumerable<GenerationChunk> stream)
    {
        var pieces = new List<string>();
        var tokens = new List<LlamaToken>();
        GenerationSummary? summary = null;
        await foreach (var chunk in stream)
        {
            pieces.Add(chunk.Text);
            tokens.AddRange(chunk.Tokens);
            summary = chunk.Summary ?? summary;
        }

        return new GenerationOutput(pieces, tokens, summary ?? throw new InvalidOperationException("no summary chunk"));
    }

    public static Task<GenerationOutput> CollectAsync(BatchScheduler scheduler, GenerationRequest request)
    {
        Assert.True(scheduler.TrySubmit(request, CancellationToken.None, out var stream));
        return CollectAsync(stream);
    }

    public static Task<GenerationOutput> CollectAsync(TextGenerator generator, GenerationRequest request, CancellationToken cancellationToken = default) =>
        CollectAsync(generator.GenerateAsync(request, cancellationToken));

    public static async Task WaitIdleAsync(BatchScheduler scheduler)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await scheduler.DrainAsync(timeout.Token);
    }
}

public sealed record GenerationOutput(IReadOnlyList<string> Pieces, IReadOnlyList<LlamaToken> Tokens, GenerationSummary Summary)
{
    public string Text => string.Concat(Pieces);

    public int[] TokenIds => [.. Tokens.Select(token => token.Value)];
}
