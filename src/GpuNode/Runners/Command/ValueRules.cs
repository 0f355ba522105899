using System.Text.RegularExpressions;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>
/// The general rule every value from the spec obeys before it enters an argv element or an
/// environment variable: at most 256 characters from <c>A-Z a-z 0-9 . _ : / = + , -</c> (so no
/// spaces, quotes, shell metacharacters, NUL or line breaks), and no leading '-' when the value
/// starts an argv element (it could be read as an option).
/// </summary>
internal static partial class ValueRules
{
    /// <summary>Longest value accepted.</summary>
    public const int MaxLength = 256;

    /// <summary>Why <paramref name="value"/> is refused as the value of <paramref name="placeholder"/>, or null when it is fine.</summary>
    public static string? Check(string placeholder, string value, bool startsElement)
    {
        if (!Allowed().IsMatch(value))
        {
            return $"value of {{{placeholder}}} is refused: '{Printable(value)}' must be at most {MaxLength} characters from A-Z a-z 0-9 . _ : / = + , -";
        }

        return startsElement && value.StartsWith('-')
            ? $"value of {{{placeholder}}} is refused: '{Printable(value)}' starts an argument with '-' (put the placeholder after text, e.g. --x={{{placeholder}}})"
            : null;
    }

    /// <summary>The value with control characters escaped and cut to a readable length, for messages.</summary>
    public static string Printable(string value)
    {
        var cut = value.Length > 80 ? value[..80] + "…" : value;
        return string.Concat(cut.Select(c => char.IsControl(c) ? $"\\x{(int)c:X2}" : c.ToString()));
    }

    [GeneratedRegex(@"\A[A-Za-z0-9._:/=+,-]{0,256}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Allowed();
}
