using System.Globalization;

namespace SweepCluster.Shared.Specs;

/// <summary>The allowed values of a numeric spec field, with the words used in error messages.</summary>
internal sealed record NumberRange(
    double Min, bool MinInclusive, double Max, bool MaxInclusive, bool Integer, string Description)
{
    public static readonly NumberRange PositiveInteger = AtLeast(1, "a positive integer");
    public static readonly NumberRange NonNegativeInteger = AtLeast(0, "an integer >= 0");
    public static readonly NumberRange AnyInteger = new(int.MinValue, true, int.MaxValue, true, true, "an integer");
    public static readonly NumberRange Positive = new(0, false, double.MaxValue, true, false, "a positive number");
    public static readonly NumberRange NonNegative = new(0, true, double.MaxValue, true, false, "a number >= 0");
    public static readonly NumberRange FractionClosedOpen = new(0, true, 1, false, false, "a number in [0, 1)");
    public static readonly NumberRange FractionOpen = new(0, false, 1, false, false, "a number in (0, 1)");
    public static readonly NumberRange Share = new(0, true, 1, true, false, "a number in [0, 1]");

    public static NumberRange AtLeast(int min, string? description = null) =>
        new(min, true, int.MaxValue, true, true, description ?? $"an integer >= {min}");

    public static NumberRange Between(int min, int max) =>
        new(min, true, max, true, true, $"an integer in [{min}, {max}]");

    public bool Contains(double value) =>
        (MinInclusive ? value >= Min : value > Min) && (MaxInclusive ? value <= Max : value < Max);

    /// <summary>Parses invariant-culture text; null when it is not a finite number of the right kind or in range.</summary>
    public double? Parse(string text)
    {
        double value;
        if (Integer)
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                return null;
            }

            value = whole;
        }
        else if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            || !double.IsFinite(value))
        {
            return null;
        }

        return Contains(value) ? value : null;
    }
}
