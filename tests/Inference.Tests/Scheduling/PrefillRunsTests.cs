using Cluster.Inference.Scheduling;

namespace Cluster.Inference.Tests.Scheduling;

public sealed class PrefillRunsTests
{
    [Fact]
    public void Equalize_NeighbouringFinalChunks_PaddedToTheLongestAndSplitIntoOneMicroBatch()
    {
        PrefillChunk[] chunks = [Final(0, 30), Final(1, 33), Final(2, 37), Final(3, 41)];

        var spare = PrefillRuns.Equalize(chunks, 100);

        Assert.Equal([11, 8, 4, 0], chunks.Select(chunk => chunk.Padding));
        Assert.All(chunks, chunk => Assert.Equal(0, chunk.Extra));
        Assert.Equal(100 - 23, spare);
        Assert.Equal(1, MicroBatchSplit.Count([0, 1, 2, 3], [.. chunks.Select(chunk => chunk.Tokens + chunk.Extra + chunk.Padding)], 512));
    }

    [Fact]
    public void Equalize_ChunkCutShortByTheBudget_LengthenedWithItsOwnPromptBeforeAnyPadding()
    {
        PrefillChunk[] chunks = [Final(4, 500), new PrefillChunk(5, 120, MoreInPrompt: 400, FreeCells: 1000), new PrefillChunk(6, 480, MoreInPrompt: 10, FreeCells: 1000)];

        PrefillRuns.Equalize(chunks, 1000);

        Assert.Equal([(0, 0), (380, 0), (10, 10)], chunks.Select(chunk => (chunk.Extra, chunk.Padding)));
    }

    [Theory]
    [InlineData(10, 100, 1000, 1000)] // 90 tokens of padding against a 100-token run: more than a quarter
    [InlineData(90, 100, 5, 1000)] // no KV cells for 10 more tokens
    [InlineData(90, 100, 1000, 9)] // the step has room for only 9 more tokens
    public void Equalize_PaddingTooCostlyOrNoRoom_ChunkLeftAsItWas(int shorter, int longer, int freeCells, int spare)
    {
        PrefillChunk[] chunks = [new PrefillChunk(0, shorter, 0, freeCells), Final(1, longer)];

        Assert.Equal(spare, PrefillRuns.Equalize(chunks, spare));

        Assert.Equal([(0, 0), (0, 0)], chunks.Select(chunk => (chunk.Extra, chunk.Padding)));
    }

    [Fact]
    public void Equalize_ChunksOfSequencesThatAreNotNeighbours_LeftAsTheyWere()
    {
        PrefillChunk[] chunks = [Final(0, 30), Final(2, 41), Final(3, 40)];

        PrefillRuns.Equalize(chunks, 100);

        Assert.Equal([0, 0, 1], chunks.Select(chunk => chunk.Padding));
    }

    private static PrefillChunk Final(int slot, int tokens) => new(slot, tokens, MoreInPrompt: 0, FreeCells: 1000);
}
