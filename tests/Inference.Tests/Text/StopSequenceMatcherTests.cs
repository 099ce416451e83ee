using Cluster.Inference.Text;

namespace Cluster.Inference.Tests.Text;

public sealed class StopSequenceMatcherTests
{
    [Fact]
    public void Append_StopSplitAcrossPieces_HoldsBackThenCutsExactly()
    {
        var matcher = new StopSequenceMatcher(["lo W"]);

        Assert.Equal("He", matcher.Append("Hel"));
        Assert.Equal("l", matcher.Append("l"));
        Assert.Equal("", matcher.Append("o"));
        Assert.Equal("", matcher.Append(" Wor"));
        Assert.True(matcher.Stopped);
        Assert.Equal("lo W", matcher.MatchedStop);
        Assert.Equal("", matcher.Flush());
    }

    [Fact]
    public void Append_FalseStart_ReleasesHeldText()
    {
        var matcher = new StopSequenceMatcher(["\n\nUser:"]);

        Assert.Equal("a", matcher.Append("a\n"));
        Assert.Equal("\n\nb", matcher.Append("\nb"));
        Assert.Equal("c", matcher.Append("c\n\nUs"));
        Assert.False(matcher.Stopped);
        Assert.Equal("\n\nUs", matcher.Flush());
    }

    [Fact]
    public void Append_TwoStops_EarliestWins()
    {
        var matcher = new StopSequenceMatcher(["world", "o w"]);

        Assert.Equal("hell", matcher.Append("hello world"));
        Assert.Equal("o w", matcher.MatchedStop);
    }

    [Fact]
    public void Append_NoStops_PassesThrough()
    {
        var matcher = new StopSequenceMatcher([]);

        Assert.Equal("abc", matcher.Append("abc"));
        Assert.Equal("", matcher.Flush());
    }
}
