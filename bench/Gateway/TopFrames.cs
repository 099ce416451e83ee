namespace Cluster.Bench.Gateway;

/// <summary>
/// The frames a process was busiest in, from a <see cref="SpeedscopeProfile"/>: each frame's inclusive milliseconds of busy time
/// (managed code running, idle thread-pool spinning and waits left out, as <see cref="TelemetryProfile"/> counts it), so two
/// profiles of the same load (telemetry on and off) show where the difference sits.
/// </summary>
internal static class TopFrames
{
    public static void Print(IEnumerable<string> paths, int count)
    {
        foreach (var path in paths)
        {
            var (busy, frames) = Measure(SpeedscopeProfile.Load(path));
            MarkdownReport.Line();
            MarkdownReport.Line(MarkdownReport.F($"### {Path.GetFileName(path)}: top {count} frames of {busy:F0} busy ms"));
            MarkdownReport.Line();
            MarkdownReport.Line("| inclusive ms | share | frame |");
            MarkdownReport.Line("| ---: | ---: | --- |");
            foreach (var (frame, ms) in frames.OrderByDescending(f => f.Value).Take(count))
            {
                MarkdownReport.Line(MarkdownReport.F($"| {ms:F0} | {100 * ms / busy:F1} % | `{Shorten(frame)}` |"));
            }
        }
    }

    private static (double Busy, Dictionary<string, double> Frames) Measure(SpeedscopeProfile profile)
    {
        var (busy, frames) = (0.0, new Dictionary<string, double>(StringComparer.Ordinal));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        profile.Walk((names, ms) =>
        {
            if (names[^1] != "CPU_TIME" || TelemetryProfile.IsIdle(names))
            {
                return;
            }

            busy += ms;
            seen.Clear();
            foreach (var name in names)
            {
                // A recursive frame counts once per stretch.
                if (name != "CPU_TIME" && seen.Add(name))
                {
                    frames[name] = frames.GetValueOrDefault(name) + ms;
                }
            }
        });
        return (busy, frames);
    }

    private static string Shorten(string frame) => frame.Length <= 160 ? frame : frame[..157] + "...";
}
