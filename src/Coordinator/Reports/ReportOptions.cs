namespace SweepCluster.Coordinator.Reports;

/// <summary>Settings of <see cref="SweepReportBuilder"/>. Every default is what <c>sweep report</c> uses.</summary>
public sealed record ReportOptions
{
    /// <summary>Default options.</summary>
    public static ReportOptions Default { get; } = new();

    /// <summary>
    /// Fraction f of training at which the early ranking is taken for Spearman ρ against the final
    /// score; default 0.25 (Dodge et al. 2020: rankings at 20–30 % predict the final ranking). Each trial
    /// contributes its first evaluation at or after f.
    /// </summary>
    public double EarlyFraction { get; init; } = 0.25;

    /// <summary>Bootstrap resamples B for the EMP bands; default 1000. At least 2.</summary>
    public int BootstrapSamples { get; init; } = 1000;

    /// <summary>Seed of the bootstrap stream: the same seed gives the same band; default 2020.</summary>
    public ulong BootstrapSeed { get; init; } = 2020;

    /// <summary>
    /// The with-replacement EMP curve runs to n = ⌈factor·N⌉ for N completed trials; default 2
    /// (the unbiased curve always stops at N). At least 1.
    /// </summary>
    public double EmpExtension { get; init; } = 2.0;

    /// <summary>
    /// Budget-to-target aims at this percentile of the completed trials' final scores (in the
    /// metric's better direction: for a minimized metric the 90th percentile of goodness is the 10th of
    /// the values); default 90. Ignored when <see cref="Target"/> is set.
    /// </summary>
    public double TargetPercentile { get; init; } = 90;

    /// <summary>An explicit target θ for budget-to-target; default null = use <see cref="TargetPercentile"/>.</summary>
    public double? Target { get; init; }

    /// <summary>Accepted probability α of missing the target; default 0.05 (95 % confidence).</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (!(EarlyFraction > 0 && EarlyFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(EarlyFraction), EarlyFraction, "EarlyFraction must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(BootstrapSamples, 2, nameof(BootstrapSamples));
        if (!(EmpExtension >= 1 && EmpExtension <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(EmpExtension), EmpExtension, "EmpExtension must be in [1, 100].");
        }

        if (!(TargetPercentile >= 0 && TargetPercentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetPercentile), TargetPercentile, "TargetPercentile must be in [0, 100].");
        }

        if (Target is { } t && !double.IsFinite(t))
        {
            throw new ArgumentOutOfRangeException(nameof(Target), t, "Target must be finite.");
        }

        if (!(Alpha > 0 && Alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be in (0, 1).");
        }
    }
}
