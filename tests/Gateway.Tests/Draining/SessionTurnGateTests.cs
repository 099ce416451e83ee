using Cluster.Gateway.Draining;

namespace Cluster.Gateway.Tests.Draining;

public sealed class SessionTurnGateTests
{
    [Fact]
    public async Task TryBeginMove_TurnRunning_RefusedUntilTheTurnEnds()
    {
        var gate = new SessionTurnGate();
        var turn = await gate.EnterAsync("h:s", CancellationToken.None);

        var duringTurn = gate.TryBeginMove("h:s");
        turn.Dispose();
        var afterTurn = gate.TryBeginMove("h:s");

        Assert.False(duringTurn);
        Assert.True(afterTurn);
        gate.EndMove("h:s");
    }

    [Fact]
    public async Task EnterAsync_DuringMove_WaitsUntilTheMoveEnds()
    {
        var gate = new SessionTurnGate();
        Assert.True(gate.TryBeginMove("h:s"));

        var waiting = gate.EnterAsync("h:s", CancellationToken.None).AsTask();
        var otherSession = gate.EnterAsync("h:other", CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.True(otherSession.IsCompletedSuccessfully);
        Assert.False(gate.TryBeginMove("h:s"));

        gate.EndMove("h:s");
        using var turn = await waiting;

        Assert.False(gate.TryBeginMove("h:s"));
        (await otherSession).Dispose();
    }

    [Fact]
    public async Task EnterAsync_MoveOutlivesTheCaller_CancelledWithoutEntering()
    {
        var gate = new SessionTurnGate();
        Assert.True(gate.TryBeginMove("h:s"));
        using var cancel = new CancellationTokenSource();

        var waiting = gate.EnterAsync("h:s", cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        gate.EndMove("h:s");
        Assert.True(gate.TryBeginMove("h:s"));
        gate.EndMove("h:s");
    }
}
