using System.Globalization;

namespace SweepCluster.Training.Data;

/// <summary>Numeric targets of regression tasks (STS-B-like data): labels stay strings in <see cref="TextExample"/> and are parsed here.</summary>
public static class RegressionTargets
{
    /// <summary>Parses every label as an invariant-culture number.</summary>
    /// <exception cref="DataFormatException">A label is missing or not a finite number (naming file:line).</exception>
    public static float[] Parse(IReadOnlyList<TextExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var targets = new float[examples.Count];
        for (var i = 0; i < examples.Count; i++)
        {
            var label = examples[i].Label ?? throw examples[i].Error(i, "has no label; a regression target is required");
            if (!float.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out targets[i]) || !float.IsFinite(targets[i]))
            {
                throw examples[i].Error(i, $"label '{label}' is not a number");
            }
        }

        return targets;
    }
}
