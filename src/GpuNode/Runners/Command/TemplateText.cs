using System.Text;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>
/// One template string (an argv element, an environment value, the working directory) parsed into
/// literal text and placeholders. <c>{name}</c> is a placeholder, <c>{name?}</c> an optional one (the
/// element is dropped when it has no value), <c>{{</c> and <c>}}</c> are literal braces.
/// </summary>
internal sealed class TemplateText
{
    private TemplateText(string source, IReadOnlyList<TemplateSegment> segments)
    {
        Source = source;
        Segments = segments;
    }

    /// <summary>The text as written in the templates file.</summary>
    public string Source { get; }

    /// <summary>Literal text and placeholders, in order.</summary>
    public IReadOnlyList<TemplateSegment> Segments { get; }

    /// <summary>The placeholders, in order.</summary>
    public IEnumerable<TemplateSegment> Placeholders => Segments.Where(s => s.Placeholder is not null);

    /// <summary>Parses <paramref name="text"/>; returns null and an error on a syntax error.</summary>
    public static TemplateText? Parse(string text, out string? error)
    {
        var segments = new List<TemplateSegment>();
        var literal = new StringBuilder();
        error = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{')
            {
                literal.Append('{');
                i++;
            }
            else if (c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                literal.Append('}');
                i++;
            }
            else if (c == '}')
            {
                error = $"unmatched '}}' at offset {i} (write '}}}}' for a literal brace)";
                return null;
            }
            else if (c == '{')
            {
                var end = text.IndexOf('}', i + 1);
                if (end < 0)
                {
                    error = $"unclosed '{{' at offset {i} (write '{{{{' for a literal brace)";
                    return null;
                }

                var inner = text[(i + 1)..end];
                var optional = inner.EndsWith('?');
                var name = optional ? inner[..^1] : inner;
                if (!IsPlaceholderName(name))
                {
                    error = $"'{{{inner}}}' is not a placeholder (names are lower-case words with '_' and at most one '.', e.g. {{init_seed}} or {{values.model}})";
                    return null;
                }

                if (literal.Length > 0)
                {
                    segments.Add(new TemplateSegment(literal.ToString(), null, false));
                    literal.Clear();
                }

                segments.Add(new TemplateSegment(null, name, optional));
                i = end;
            }
            else
            {
                literal.Append(c);
            }
        }

        if (literal.Length > 0)
        {
            segments.Add(new TemplateSegment(literal.ToString(), null, false));
        }

        return new TemplateText(text, segments);
    }

    private static bool IsPlaceholderName(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0
            ? IsWord(name)
            : IsWord(name[..dot]) && name.Length > dot + 1 && name[(dot + 1)..].All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
    }

    private static bool IsWord(string s) => s.Length > 0 && s.All(c => char.IsAsciiLetterLower(c) || c == '_');
}
