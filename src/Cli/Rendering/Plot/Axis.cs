using System.Globalization;

namespace SweepCluster.Cli.Rendering.Plot;

/// <summary>
/// A linear axis: maps a data interval onto a pixel interval, and picks "nice" tick values
/// (1, 2, 2.5 or 5 × 10^k apart) with labels that show just enough decimals.
/// </summary>
internal sealed class Axis
{
    public Axis(double min, double max, double pixelStart, double pixelEnd)
    {
        if (!(max > min))
        {
            // A single value still needs an interval around it.
            var pad = Math.Max(Math.Abs(min) * 0.05, 0.01);
            (min, max) = (min - pad, max + pad);
        }

        (Min, Max, PixelStart, PixelEnd) = (min, max, pixelStart, pixelEnd);
    }

    public double Min { get; }

    public double Max { get; }

    public double PixelStart { get; }

    public double PixelEnd { get; }

    public double Map(double value) => PixelStart + ((value - Min) / (Max - Min) * (PixelEnd - PixelStart));

    /// <summary>A tick step of the form {1, 2, 2.5, 5} × 10^k giving about <paramref name="target"/> intervals over [min, max].</summary>
    public static double NiceStep(double min, double max, int target)
    {
        var span = max > min ? max - min : Math.Max(Math.Abs(min), 1);
        var rough = span / target;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var residual = rough / magnitude;
        var nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 ? 2.5 : residual <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>[min, max] widened outwards to multiples of a nice step, for a value axis.</summary>
    public static (double Min, double Max) NiceBounds(double min, double max, int target)
    {
        if (!(max > min))
        {
            var pad = Math.Max(Math.Abs(min) * 0.05, 0.01);
            (min, max) = (min - pad, max + pad);
        }

        var step = NiceStep(min, max, target);
        return (Math.Floor((min / step) + 1e-9) * step, Math.Ceiling((max / step) - 1e-9) * step);
    }

    /// <summary>Multiples of <paramref name="step"/> inside [Min, Max].</summary>
    public IReadOnlyList<double> Ticks(double step)
    {
        var ticks = new List<double>();
        var first = Math.Ceiling((Min / step) - 1e-9);
        for (var i = first; (i * step) <= Max + (step * 1e-9); i++)
        {
            ticks.Add(Math.Abs(i * step) < step * 1e-9 ? 0 : i * step);
        }

        return ticks;
    }

    /// <summary>A tick label with as many decimals as the step needs.</summary>
    public static string Label(double value, double step)
    {
        var decimals = step >= 1 && step == Math.Floor(step) ? 0 : Math.Max(0, (int)Math.Ceiling(-Math.Log10(step) - 1e-9));
        if (step * Math.Pow(10, decimals) % 1 > 1e-6)
        {
            decimals++; // 2.5 × 10^k needs one more
        }

        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
