using System.Threading.Channels;
using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Silo.Generation;

namespace Cluster.Silo.Tests.Generation;

public sealed class OutputPiecesTests
{
    private static readonly GenerationSummary Summary = new(FinishReason.Length, 5, 3, null, 0);

    [Fact]
    public async Task ReadAsync_AllChunksWaiting_OnePiecePerTokenWithText()
    {
        var channel = Channel.CreateUnbounded<GenerationChunk>();
        channel.Writer.TryWrite(Chunk("a"));
        channel.Writer.TryWrite(Chunk(""));
        channel.Writer.TryWrite(Chunk("b"));
        channel.Writer.TryWrite(new GenerationChunk("", [], Summary));
        channel.Writer.Complete();

        var pieces = await ReadAllAsync(channel.Reader.ReadAllAsync());

        Assert.Equal([new OutputPiece("a", null), new OutputPiece("b", null), new OutputPiece("", Summary)], pieces);
    }

    [Fact]
    public async Task ReadAsync_NextChunkNotYetProduced_SendsHeldTextAtOnce()
    {
        var channel = Channel.CreateUnbounded<GenerationChunk>();
        channel.Writer.TryWrite(Chunk("a"));
        await using var pieces = OutputPieces.ReadAsync(channel.Reader.ReadAllAsync(), CancellationToken.None).GetAsyncEnumerator();

        Assert.True(await pieces.MoveNextAsync());
        Assert.Equal(new OutputPiece("a", null), pieces.Current);

        channel.Writer.TryWrite(new GenerationChunk("z", [], Summary));
        Assert.True(await pieces.MoveNextAsync());
        Assert.Equal(new OutputPiece("z", Summary), pieces.Current);
        Assert.False(await pieces.MoveNextAsync());
    }

    [Fact]
    public async Task ReadAsync_EndsWithoutSummary_Throws()
    {
        var channel = Channel.CreateUnbounded<GenerationChunk>();
        channel.Writer.TryWrite(Chunk("a"));
        channel.Writer.Complete();

        await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAllAsync(channel.Reader.ReadAllAsync()));
    }

    private static GenerationChunk Chunk(string text) => new(text, [new LlamaToken(1)], null);

    private static async Task<List<OutputPiece>> ReadAllAsync(IAsyncEnumerable<GenerationChunk> chunks)
    {
        var pieces = new List<OutputPiece>();
        await foreach (var piece in OutputPieces.ReadAsync(chunks, CancellationToken.None))
        {
            pieces.Add(piece);
        }

        return pieces;
    }
}
