using System.Text;

namespace Cluster.Inference.Grammar;

/// <summary>A GBNF grammar being built: named rules in the order they were added, the first one the root.</summary>
internal sealed class GbnfRules
{
    private readonly List<(string Name, string Body)> _rules = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Reserves a unique rule name close to <paramref name="hint"/> (GBNF names allow letters, digits and '-').</summary>
    public string Reserve(string hint)
    {
        var clean = new StringBuilder(hint.Length);
        foreach (var c in hint)
        {
            clean.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        var name = clean.ToString().Trim('-') is { Length: > 0 } trimmed ? trimmed : "rule";
        var candidate = name;
        for (var n = 2; !_names.Add(candidate); n++)
        {
            candidate = $"{name}-{n}";
        }

        return candidate;
    }

    /// <summary>Defines a rule whose name was reserved.</summary>
    public void Define(string name, string body) => _rules.Add((name, body));

    /// <summary>Adds a rule under a fresh name and returns that name.</summary>
    public string Add(string hint, string body)
    {
        var name = Reserve(hint);
        Define(name, body);
        return name;
    }

    /// <summary>The grammar text, one rule a line.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        foreach (var (name, body) in _rules)
        {
            text.Append(name).Append(" ::= ").Append(body).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A GBNF string literal matching exactly <paramref name="text"/>.</summary>
    public static string Literal(string text)
    {
        var literal = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => literal.Append("\\\""),
                '\\' => literal.Append("\\\\"),
                '\n' => literal.Append("\\n"),
                '\r' => literal.Append("\\r"),
                '\t' => literal.Append("\\t"),
                < ' ' => literal.Append("\\x").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)),
                _ => literal.Append(c),
            };
        }

        return literal.Append('"').ToString();
    }
}
