using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Scheduling;
using Cluster.Inference.Tests.Fixtures;

namespace Cluster.Inference.Tests.Generation;

[Collection(TinyModelCollection.Name)]
public sealed class LlamaContextTests(TinyModelFixture fixture) : IDisposable
{
    private static readonly LlamaSeqId First = new(0);
    private static readonly LlamaSeqId Second = new(1);
    private readonly LlamaContext _context = LlamaContext.Create(fixture.Model, new LlamaContextOptions { ContextSize = 512, BatchSize = 64, MicroBatchSize = 64, Sequences = 2 });
    private readonly TokenBatch _batch = new(64);

    public void Dispose()
    {
        _batch.Dispose();
        _context.Dispose();
    }

    [Fact]
    public void SequenceOperations_RemoveAndCopy_PositionsFollow()
    {
        var prompt = Prompt();
        DecodePrompt(prompt, First);
        Assert.Equal(prompt.Length - 1, _context.MaxPosition(First));
        Assert.Equal(0, _context.MinPosition(First));

        _context.CopySequence(First, Second);
        Assert.Equal(prompt.Length - 1, _context.MaxPosition(Second));

        Assert.True(_context.RemoveTokens(First, 4));
        Assert.Equal(3, _context.MaxPosition(First));
        Assert.Equal(prompt.Length - 1, _context.MaxPosition(Second));

        Assert.True(_context.RemoveTokens(Second));
        Assert.Equal(-1, _context.MaxPosition(Second));
        Assert.Equal(3, _context.MaxPosition(First));
    }

    [Fact]
    public void SaveThenRestoreState_IntoAnotherSequence_NextLogitsIdentical()
    {
        var prompt = Prompt();
        var next = new LlamaToken(9906);
        DecodePrompt(prompt, First);
        var state = _context.SaveSequenceState(First);
        var expected = DecodeOne(next, prompt.Length, First);

        _context.ClearMemory();
        Assert.Equal(-1, _context.MaxPosition(Second));
        Assert.True(_context.RestoreSequenceState(state, Second));
        Assert.Equal(prompt.Length - 1, _context.MaxPosition(Second));
        var restored = DecodeOne(next, prompt.Length, Second);

        Assert.Equal(expected, restored);
    }

    [Fact]
    public void HostKvStoreBlock_SavedAndRestoredIntoAnotherSequence_SameBytesAndNextLogitsIdentical()
    {
        using var store = new HostKvStore(PinnedHostMemory.CpuBufferType(), budgetBytes: 64L << 20);
        var prompt = Prompt();
        var next = new LlamaToken(9906);
        DecodePrompt(prompt, First);
        var state = store.Save(_context, First)!;
        Assert.NotNull(state.Block);
        Assert.Equal(_context.SaveSequenceState(First), state.ToArray());
        Assert.Equal(16L << 20, store.BlockBytes); // one block, rounded up to 16 MiB
        var expected = DecodeOne(next, prompt.Length, First);

        _context.ClearMemory();
        Assert.True(state.RestoreInto(_context, Second));
        Assert.Equal(prompt.Length - 1, _context.MaxPosition(Second));

        Assert.Equal(expected, DecodeOne(next, prompt.Length, Second));
    }

    [Fact]
    public void HostKvStore_ReleasedBlock_ReusedForTheNextSaveOrFreedBeyondTheBudget()
    {
        DecodePrompt(Prompt(), First);
        using var keeping = new HostKvStore(PinnedHostMemory.CpuBufferType(), budgetBytes: 64L << 20);
        var first = keeping.Save(_context, First)!;
        keeping.Release(first);
        var second = keeping.Save(_context, First)!;
        Assert.Same(first.Block, second.Block);
        Assert.Equal(16L << 20, keeping.BlockBytes);

        using var tight = new HostKvStore(PinnedHostMemory.CpuBufferType(), budgetBytes: 0);
        tight.Release(tight.Save(_context, First)!);
        Assert.Equal(0, tight.BlockBytes);
    }

    [Fact]
    public void HostKvStore_UniformBlocks_BudgetAllocatedUpFrontAndEverySaveTakesAKeptBlock()
    {
        DecodePrompt(Prompt(), First);
        _context.CopySequence(First, Second);
        using var store = new HostKvStore(PinnedHostMemory.CpuBufferType(), budgetBytes: 50L << 20, uniformBlockBytes: 16L << 20);
        Assert.Equal((3L, 48L << 20), (store.Allocations.Count, store.BlockBytes));

        var first = store.Save(_context, First)!;
        var second = store.Save(_context, Second)!;
        store.Release(first);
        var third = store.Save(_context, First)!;

        Assert.Equal((3L, 48L << 20), (store.Allocations.Count, store.BlockBytes));
        Assert.NotSame(third.Block, second.Block);
        Assert.Equal(16L << 20, third.Footprint);
    }

    [Fact]
    public void FullSlotStateBytes_AtLeastWhatAFullSequenceSavesAndAtMostAMegabyteMore()
    {
        for (var start = 0; start < 256; start += 64)
        {
            _batch.Clear();
            for (var i = start; i < start + 64; i++)
            {
                _batch.Add(new LlamaToken(1000 + i), new LlamaPos(i), First, wantOutput: false);
            }

            Assert.Equal(LlamaDecodeResult.Success, _context.Decode(_batch));
        }

        var saved = _context.SequenceStateSize(First);
        var estimate = BatchScheduler.FullSlotStateBytes(fixture.Model, new BatchSchedulerOptions { ContextPerSequence = 256 });

        Assert.InRange(estimate - saved, 0, (1L << 20) + (16 * 256));
    }

    [Fact]
    public void Decode_PositionGap_InvalidBatchAndMemoryUnchanged()
    {
        var prompt = Prompt();
        DecodePrompt(prompt, First);

        _batch.Clear();
        _batch.Add(new LlamaToken(100), new LlamaPos(prompt.Length + 5), First, wantOutput: true);

        Assert.Equal(LlamaDecodeResult.InvalidBatch, _context.Decode(_batch));
        Assert.Equal(prompt.Length - 1, _context.MaxPosition(First));
    }

    private LlamaToken[] Prompt() => fixture.Model.Vocabulary.Tokenize("The quick brown fox jumps over the lazy dog", true, false);

    private void DecodePrompt(LlamaToken[] prompt, LlamaSeqId sequence)
    {
        _batch.Clear();
        for (var i = 0; i < prompt.Length; i++)
        {
            _batch.Add(prompt[i], new LlamaPos(i), sequence, wantOutput: i == prompt.Length - 1);
        }

        Assert.Equal(LlamaDecodeResult.Success, _context.Decode(_batch));
    }

    private float[] DecodeOne(LlamaToken token, int position, LlamaSeqId sequence)
    {
        _batch.Clear();
        _batch.Add(token, new LlamaPos(position), sequence, wantOutput: true);
        Assert.Equal(LlamaDecodeResult.Success, _context.Decode(_batch));
        return _context.GetLogits(0).ToArray();
    }
}
