using System.Text;

namespace Cluster.Inference.Text;

/// <summary>Finds stop strings in streamed text, also across pieces, and cuts the output exactly before the first match.</summary>
/// <remarks>Text that could be the start of a stop string is held back until it is decided. One per sequence; not thread-safe.</remarks>
public sealed class StopSequenceMatcher(IReadOnlyList<string> stops)
{
    private readonly StringBuilder _held = new();
    private readonly int _longest = stops.Count == 0 ? 0 : stops.Max(stop => stop.Length);

    /// <summary>Whether a stop string has been found.</summary>
    public bool Stopped { get; private set; }

    /// <summary>The stop string that matched, or null.</summary>
    public string? MatchedStop { get; private set; }

    /// <summary>Adds a piece; returns the text that is safe to emit now.</summary>
    public string Append(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        if (Stopped)
        {
            return string.Empty;
        }

        if (_longest == 0)
        {
            return piece;
        }

        _held.Append(piece);
        var text = _held.ToString();
        var cut = FindEarliestStop(text);
        if (cut >= 0)
        {
            Stopped = true;
            _held.Clear();
            return text[..cut];
        }

        var keep = LongestSuffixThatStartsAStop(text);
        _held.Clear().Append(text, text.Length - keep, keep);
        return text[..^keep];
    }

    /// <summary>Releases held-back text at the end of generation (no stop string completed).</summary>
    public string Flush()
    {
        var rest = _held.ToString();
        _held.Clear();
        return Stopped ? string.Empty : rest;
    }

    private int FindEarliestStop(string text)
    {
        var earliest = -1;
        foreach (var stop in stops)
        {
            var index = stop.Length == 0 ? -1 : text.IndexOf(stop, StringComparison.Ordinal);
            if (index >= 0 && (earliest < 0 || index < earliest))
            {
                earliest = index;
                MatchedStop = stop;
            }
        }

        return earliest;
    }

    private int LongestSuffixThatStartsAStop(string text)
    {
        for (var length = Math.Min(_longest - 1, text.Length); length > 0; length--)
        {
            var suffix = text.AsSpan(text.Length - length);
            foreach (var stop in stops)
            {
                if (stop.AsSpan().StartsWith(suffix, StringComparison.Ordinal))
                {
                    return length;
                }
            }
        }

        return 0;
    }
}
