namespace SweepCluster.Shared.Statistics;

public static partial class ExpectedMaxPerformance
{
    /// <summary>Weights below this are treated as zero in the bootstrap loops (they only cost time).</summary>
    private const double Negligible = 1e-300;

    /// <summary>
    /// Percentile bootstrap of the curve means on the oriented (maximize) scale. A resample is drawn as
    /// per-score counts (N uniform draws from a local SplitMix64 stream), so the resample comes out sorted
    /// without sorting. Percentiles interpolate linearly between order statistics (Hyndman–Fan type 7).
    /// </summary>
    private static Band BootstrapBand(double[] sorted, EmpEstimator estimator, int maxN, EmpBootstrapOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Samples, 2, nameof(options));
        if (!(options.LowerPercentile > 0 && options.LowerPercentile < options.UpperPercentile && options.UpperPercentile < 100))
        {
            throw new ArgumentException(
                $"Bootstrap percentiles must satisfy 0 < lower < upper < 100 (got {options.LowerPercentile}, {options.UpperPercentile}).",
                nameof(options));
        }

        var count = sorted.Length;
        var samples = options.Samples;
        var means = new double[maxN * samples];
        var rng = new SplitMix64(options.Seed);
        var counts = new int[count];
        var values = new double[count];
        var cumulative = new double[count];
        var powers = new double[count];
        for (var b = 0; b < samples; b++)
        {
            Array.Clear(counts);
            for (var i = 0; i < count; i++)
            {
                counts[rng.NextInt(count)]++;
            }

            if (estimator == EmpEstimator.WithReplacement)
            {
                WithReplacementResample(sorted, counts, maxN, values, cumulative, powers, means.AsSpan(), b, samples);
            }
            else
            {
                UnbiasedResample(sorted, counts, maxN, values, means.AsSpan(), b, samples);
            }
        }

        var low = new double[maxN];
        var high = new double[maxN];
        for (var n = 0; n < maxN; n++)
        {
            var row = means.AsSpan(n * samples, samples);
            row.Sort();
            low[n] = Percentile(row, options.LowerPercentile);
            high[n] = Percentile(row, options.UpperPercentile);
        }

        return new Band(low, high);
    }

    /// <summary>E[max of n] on a resample given as counts: over the resample's distinct positions k with
    /// cumulative fraction F_k the weight is F_kⁿ − F_(k−1)ⁿ; the powers are advanced by one multiply per n.</summary>
    private static void WithReplacementResample(
        double[] sorted, int[] counts, int maxN, double[] values, double[] cumulative, double[] powers,
        Span<double> means, int b, int samples)
    {
        var count = sorted.Length;
        var distinct = 0;
        var running = 0;
        for (var i = 0; i < count; i++)
        {
            if (counts[i] > 0)
            {
                running += counts[i];
                values[distinct] = sorted[i];
                cumulative[distinct] = running == count ? 1.0 : (double)running / count;
                powers[distinct] = cumulative[distinct];
                distinct++;
            }
        }

        // Powers grow with k; those below Negligible are flushed to zero and skipped for all larger n,
        // which keeps subnormal arithmetic (very slow) out of the loop and drops terms below 1e-300.
        var first = 0;
        for (var n = 1; n <= maxN; n++)
        {
            var mean = 0.0;
            var previous = 0.0;
            for (var k = first; k < distinct; k++)
            {
                mean += values[k] * (powers[k] - previous);
                previous = powers[k];
                powers[k] *= cumulative[k];
            }

            while (first < distinct - 1 && powers[first] < Negligible)
            {
                first++;
            }

            means[((n - 1) * samples) + b] = mean;
        }
    }

    private static void UnbiasedResample(double[] sorted, int[] counts, int maxN, double[] resample, Span<double> means, int b, int samples)
    {
        var count = sorted.Length;
        var position = 0;
        for (var i = 0; i < count; i++)
        {
            for (var c = 0; c < counts[i]; c++)
            {
                resample[position++] = sorted[i];
            }
        }

        for (var n = 1; n <= maxN; n++)
        {
            // Same recurrence as UnbiasedWeights, fused with the weighted sum.
            var w = (double)n / count;
            var mean = w * resample[count - 1];
            for (var j = count; j > n && w >= Negligible; j--)
            {
                w *= (double)(j - n) / (j - 1);
                mean += w * resample[j - 2];
            }

            means[((n - 1) * samples) + b] = mean;
        }
    }

    /// <summary>Percentile (0–100) of ascending values, linear between order statistics (type 7).</summary>
    internal static double Percentile(ReadOnlySpan<double> sortedValues, double percent)
    {
        var h = (sortedValues.Length - 1) * percent / 100.0;
        var lo = (int)Math.Floor(h);
        if (lo >= sortedValues.Length - 1)
        {
            return sortedValues[^1];
        }

        return sortedValues[lo] + ((h - lo) * (sortedValues[lo + 1] - sortedValues[lo]));
    }

    private sealed record Band(double[] Low, double[] High);
}
