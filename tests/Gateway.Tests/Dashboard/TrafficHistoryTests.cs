using Cluster.Gateway.Dashboard;

namespace Cluster.Gateway.Tests.Dashboard;

public sealed class TrafficHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Read_RequestsAndTokensInTwoSeconds_EachInItsOwnSecond()
    {
        var clock = new SteppedClock(Start);
        var history = new TrafficHistory(clock);
        history.RecordRequest(null);
        history.RecordRequest(TimeSpan.FromMilliseconds(40));
        history.RecordTokens(7);
        clock.Now += TimeSpan.FromSeconds(1);
        history.RecordRequest(TimeSpan.FromMilliseconds(12));
        history.RecordTokens(5);

        var points = history.Read();

        Assert.Equal(TrafficHistory.Seconds, points.Length);
        Assert.Equal(new TrafficPoint(Start.ToUnixTimeMilliseconds(), 2, 7, 40, 40), points[^2]);
        Assert.Equal(new TrafficPoint(Start.AddSeconds(1).ToUnixTimeMilliseconds(), 1, 5, 12, 12), points[^1]);
        Assert.All(points[..^2], p => Assert.Equal((0, 0L, (double?)null), (p.Requests, p.OutputTokens, p.TtftP50Ms)));
    }

    [Fact]
    public void Read_TwentyTimesToFirstToken_NearestRankPercentiles()
    {
        var history = new TrafficHistory(new SteppedClock(Start));
        foreach (var ms in Enumerable.Range(1, 20).Reverse())
        {
            history.RecordRequest(TimeSpan.FromMilliseconds(ms));
        }

        var last = history.Read()[^1];

        Assert.Equal((20, 10.0, 19.0), (last.Requests, last.TtftP50Ms, last.TtftP95Ms));
    }

    [Fact]
    public void Read_AWindowLater_TheOldSecondIsGoneAndItsBucketStartsAfresh()
    {
        var clock = new SteppedClock(Start);
        var history = new TrafficHistory(clock);
        history.RecordRequest(TimeSpan.FromMilliseconds(100));
        history.RecordTokens(9);
        clock.Now += TimeSpan.FromSeconds(TrafficHistory.Seconds);
        history.RecordTokens(3);

        var points = history.Read();

        Assert.Equal(new TrafficPoint(clock.Now.ToUnixTimeMilliseconds(), 0, 3, null, null), points[^1]);
        Assert.Equal(3, points.Sum(p => p.OutputTokens));
        Assert.Equal(0, points.Sum(p => p.Requests));
    }

    private sealed class SteppedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
