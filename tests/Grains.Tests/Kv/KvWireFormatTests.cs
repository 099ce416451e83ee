using Cluster.Grains.Kv;
using Cluster.Inference.Native;
using Cluster.Inference.Scheduling;

namespace Cluster.Grains.Tests.Kv;

public sealed class KvWireFormatTests
{
    // Larger than one write slice, and not a multiple of it.
    private static readonly byte[] State = [.. Enumerable.Range(0, (3 << 20) + 17).Select(i => (byte)(i * 7))];

    [Fact]
    public async Task ReadAsync_WhatWriteAsyncWrote_SameTokensAndState()
    {
        var snapshot = new SessionSnapshot("h:a", [new LlamaToken(1), new LlamaToken(128009)], State);
        using var body = new MemoryStream();
        await KvWireFormat.WriteAsync(snapshot, body, CancellationToken.None);
        body.Position = 0;

        var read = await KvWireFormat.ReadAsync("h:b", body, body.Length, CancellationToken.None);

        Assert.Equal(KvWireFormat.LengthOf(snapshot), body.Length);
        Assert.Equal("h:b", read!.Key);
        Assert.Equal(snapshot.Tokens, read.Tokens);
        Assert.Equal(State, read.KvState);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(9)]
    [InlineData(100)]
    public async Task ReadAsync_BodyCutShort_Null(int missingBytes)
    {
        using var whole = new MemoryStream();
        await KvWireFormat.WriteAsync(new SessionSnapshot("h:a", [new LlamaToken(1)], State), whole, CancellationToken.None);
        using var cut = new MemoryStream(whole.ToArray()[..^missingBytes]);

        Assert.Null(await KvWireFormat.ReadAsync("h:a", cut, whole.Length, CancellationToken.None));
    }
}
