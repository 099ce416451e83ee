using System.Globalization;
using System.Text.RegularExpressions;

namespace Cluster.Bench.Load;

/// <summary>One "KV arrived" line of a silo's log: a migrated session's KV fetched from its old silo and imported.</summary>
internal sealed partial record KvArrival(string Key, int Tokens, long Bytes, double Milliseconds)
{
    /// <summary>The arrivals a silo's log holds from <paramref name="offset"/> on (the log's length before the drain), for the given keys.</summary>
    public static async Task<List<KvArrival>> ReadAsync(string log, long offset, IReadOnlySet<string> keys, CancellationToken cancellationToken)
    {
        var text = await ReadFromAsync(log, offset, cancellationToken);
        return [.. Line().Matches(text).Select(Of).Where(a => keys.Contains(a.Key))];
    }

    /// <summary>How many sessions the log says could not take their KV along ("KV not moved"), from <paramref name="offset"/> on.</summary>
    public static async Task<int> CountNotMovedAsync(string log, long offset, CancellationToken cancellationToken) =>
        NotMoved().Count(await ReadFromAsync(log, offset, cancellationToken));

    private static async Task<string> ReadFromAsync(string log, long offset, CancellationToken cancellationToken)
    {
        // The silo is still writing it.
        await using var file = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(file);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static KvArrival Of(Match match) => new(
        match.Groups["key"].Value,
        int.Parse(match.Groups["tokens"].Value, CultureInfo.InvariantCulture),
        long.Parse(match.Groups["bytes"].Value, CultureInfo.InvariantCulture),
        double.Parse(match.Groups["ms"].Value, CultureInfo.InvariantCulture));

    // SessionGrain.Migration: "Session {Key}: {Tokens} tokens of KV ({Bytes} bytes) arrived in {Milliseconds} ms".
    [GeneratedRegex(@"Session (?<key>\S+): (?<tokens>\d+) tokens of KV \((?<bytes>\d+) bytes\) arrived in (?<ms>[\d.]+) ms")]
    private static partial Regex Line();

    [GeneratedRegex(@"KV not moved")]
    private static partial Regex NotMoved();
}
