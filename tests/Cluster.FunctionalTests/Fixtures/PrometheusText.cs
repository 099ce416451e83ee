using System.Globalization;
using System.Text.RegularExpressions;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>Samples read from a Prometheus text exposition (GET /metrics).</summary>
public sealed partial class PrometheusText
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    private PrometheusText(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n'))
        {
            if (Sample().Match(line) is { Success: true } match)
            {
                var labels = Label().Matches(match.Groups["labels"].Value).ToDictionary(l => l.Groups["key"].Value, l => l.Groups["value"].Value);
                _samples.Add((match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
            }
        }
    }

    /// <summary>The whole exposition.</summary>
    public string Text { get; }

    /// <summary>Scrapes <paramref name="baseAddress"/>/metrics.</summary>
    public static async Task<PrometheusText> ScrapeAsync(HttpClient client, Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new PrometheusText(await client.GetStringAsync(new Uri(baseAddress, "/metrics")));
    }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include every pair in <paramref name="labels"/> (0 when none).</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    /// <summary>True when some sample's name starts with <paramref name="prefix"/>.</summary>
    public bool HasMetricStartingWith(string prefix) => _samples.Any(s => s.Name.StartsWith(prefix, StringComparison.Ordinal));

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>[^\s]+)""")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
