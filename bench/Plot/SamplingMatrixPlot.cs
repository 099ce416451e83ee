using System.Globalization;
using ScottPlot;

namespace Cluster.Bench.Plot;

/// <summary>A grid of panels, one per sampling setting: output tok/s against concurrent streams, a line per server.</summary>
internal static class SamplingMatrixPlot
{
    private const int Columns = 3;

    public static int Write(FileInfo input, FileInfo output, string title)
    {
        var rows = File.ReadLines(input.FullName)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length >= 4 && double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .Select(fields => new MatrixCell(fields[0], fields[1], int.Parse(fields[2], CultureInfo.InvariantCulture), double.Parse(fields[3], CultureInfo.InvariantCulture)))
            .ToList();
        if (rows.Count == 0)
        {
            Console.Error.WriteLine($"{input.FullName} holds no rows (setting, server, streams, tok/s)");
            return 1;
        }

        var settings = rows.Select(cell => cell.Setting).Distinct().ToList();
        var servers = rows.Select(cell => cell.Server).Distinct().ToList();
        var multiplot = new Multiplot();
        multiplot.AddPlots(settings.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid((settings.Count + Columns - 1) / Columns, Math.Min(Columns, settings.Count));
        for (var i = 0; i < settings.Count; i++)
        {
            var plot = multiplot.GetPlot(i);
            plot.Title(i == 0 ? $"{title}\n{settings[i]}" : settings[i]);
            plot.XLabel("streams");
            plot.YLabel("output tok/s");
            foreach (var server in servers)
            {
                var cells = rows.Where(cell => cell.Setting == settings[i] && cell.Server == server).OrderBy(cell => cell.Streams).ToList();
                if (cells.Count == 0)
                {
                    continue;
                }

                // Streams double at each step: plot them evenly spaced, labelled with their count.
                var scatter = plot.Add.Scatter(cells.Select(cell => Math.Log2(cell.Streams)).ToArray(), cells.Select(cell => cell.TokensPerSecond).ToArray());
                scatter.LegendText = server;
                scatter.Color = plot.Add.Palette.GetColor(servers.IndexOf(server));
            }

            var streams = rows.Select(cell => cell.Streams).Distinct().Order().ToArray();
            plot.Axes.Bottom.SetTicks(streams.Select(count => Math.Log2(count)).ToArray(), streams.Select(count => count.ToString(CultureInfo.InvariantCulture)).ToArray());
            plot.Axes.Rules.Add(new ScottPlot.AxisRules.LockedVertical(plot.Axes.Left, 0, rows.Where(cell => cell.Setting == settings[i]).Max(cell => cell.TokensPerSecond) * 1.25));
            plot.ShowLegend(Alignment.UpperLeft);
        }

        multiplot.SavePng(output.FullName, 640 * Math.Min(Columns, settings.Count), 480 * ((settings.Count + Columns - 1) / Columns));
        Console.WriteLine($"wrote {output.FullName}");
        return 0;
    }

    private sealed record MatrixCell(string Setting, string Server, int Streams, double TokensPerSecond);
}
