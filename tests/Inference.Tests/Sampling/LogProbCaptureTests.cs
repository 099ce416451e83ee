using Cluster.Inference.Native;
using Cluster.Inference.Sampling;

namespace Cluster.Inference.Tests.Sampling;

public sealed class LogProbCaptureTests
{
    // Probabilities 0.1, 0.2, 0.3, 0.4 (shifted: a log-softmax does not depend on the offset).
    private static readonly float[] Logits = [.. new[] { 0.1, 0.2, 0.3, 0.4 }.Select(p => (float)Math.Log(p) + 7f)];

    [Fact]
    public void Capture_KnownDistribution_ExactLogProbAndTopInOrder()
    {
        var captured = LogProbCapture.Capture(Logits, new LlamaToken(2), top: 2);

        Assert.Equal(Math.Log(0.3), captured.LogProb, 5);
        Assert.Equal([3, 2], captured.Top.Select(t => t.Token.Value));
        Assert.Equal(Math.Log(0.4), captured.Top[0].LogProb, 5);
        Assert.Equal(Math.Log(0.3), captured.Top[1].LogProb, 5);
    }

    [Fact]
    public void Capture_TopLargerThanTheRow_EveryTokenOnce()
    {
        var captured = LogProbCapture.Capture(Logits, new LlamaToken(0), top: 6);

        Assert.Equal([3, 2, 1, 0], captured.Top.Select(t => t.Token.Value));
        Assert.Equal(1.0, captured.Top.Sum(t => Math.Exp(t.LogProb)), 5);
    }

    [Fact]
    public void Capture_NoTop_NoAlternatives() => Assert.Empty(LogProbCapture.Capture(Logits, new LlamaToken(1), top: 0).Top);
}
