using System.Diagnostics;
using System.Globalization;

namespace Cluster.Bench.Load;

/// <summary>Runs the load at each concurrency and prints one table row per run.</summary>
internal static class LoadRun
{
    /// <summary>Common English words the prompts are drawn from.</summary>
    public static readonly string[] Vocabulary = "the of and to in is was for on that with as by at from his her an be this which or had are not but were have one all their they there been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three".Split(' ');

    public static async Task<int> RunAsync(LoadSettings settings, int[] concurrencies, CancellationToken cancellationToken)
    {
        using var http = ChatClient.CreateHttp();
        var client = new StreamingClient(http, settings);
        await client.SendAsync(Prompt(-1, settings.PromptWords), 0, cancellationToken); // warm-up
        Console.WriteLine($"| server | streams | requests | errors | output tok/s | TTFT p50 ms | TTFT p95 ms | decode tok/s per stream p50 |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        var sequence = 0;
        foreach (var streams in concurrencies)
        {
            var run = await LevelRun.RunAsync(streams, settings.Rounds,
                stream => client.SendAsync(Prompt(Interlocked.Increment(ref sequence), settings.PromptWords), stream, cancellationToken));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {settings.Label} | {streams} | {run.All.Count} | {run.All.Count - run.Ok.Count} | {run.Ok.Sum(r => r.Tokens) / run.WallSeconds:F0} | {Percentile(run.TtftMs, 0.50):F0} | {Percentile(run.TtftMs, 0.95):F0} | {Percentile(run.DecodeRates(), 0.50):F1} |"));
            run.ReportFailures(settings.Label, streams);
        }

        return 0;
    }

    // A distinct prompt per request (its number first), so no server can reuse another request's prefix.
    private static string Prompt(int number, int words)
    {
        var random = new Random(number);
        var text = new System.Text.StringBuilder(number.ToString(CultureInfo.InvariantCulture));
        for (var i = 1; i < words; i++)
        {
            text.Append(' ').Append(Vocabulary[random.Next(Vocabulary.Length)]);
        }

        return text.ToString();
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
