using System.Diagnostics;

namespace Cluster.Bench.Load;

/// <summary>What one concurrency level gave: every request's result, the successful ones, the wall time and the sorted TTFTs.</summary>
internal sealed record LevelRun(IReadOnlyList<RequestResult> All, IReadOnlyList<RequestResult> Ok, double WallSeconds, double[] TtftMs)
{
    /// <summary>Runs <paramref name="streams"/> streams that each send <paramref name="rounds"/> requests in turn (<paramref name="send"/> gets the request's number).</summary>
    public static async Task<LevelRun> RunAsync(int streams, int rounds, Func<int, Task<RequestResult>> send)
    {
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, streams).Select(async stream =>
        {
            var mine = new List<RequestResult>();
            for (var round = 0; round < rounds; round++)
            {
                mine.Add(await send((stream * rounds) + round));
            }

            return mine;
        }));
        var wall = clock.Elapsed.TotalSeconds;
        var all = results.SelectMany(r => r).ToList();
        var ok = all.Where(r => r.Error is null).ToList();
        return new LevelRun(all, ok, wall, [.. ok.Select(r => r.FirstTokenSeconds * 1000).Order()]);
    }

    /// <summary>
    /// Each successful request's decode rate after its first token, (tokens − 1) / (end − first token), sorted: one stream's figure to set
    /// against llama-bench's tg (which leaves the prompt out), where output tok/s counts the prompt's time too.
    /// </summary>
    public double[] DecodeRates() =>
        [.. Ok.Where(r => r.Tokens > 1 && r.TotalSeconds > r.FirstTokenSeconds).Select(r => (r.Tokens - 1) / (r.TotalSeconds - r.FirstTokenSeconds)).Order()];

    /// <summary>Prints each kind of failure with its count to stderr.</summary>
    public void ReportFailures(string label, int streams)
    {
        foreach (var failure in All.Where(r => r.Error is not null).GroupBy(r => r.Error))
        {
            Console.Error.WriteLine($"  {label} @{streams}: {failure.Count()} × {failure.Key}");
        }
    }
}
