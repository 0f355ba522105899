namespace SweepCluster.Training.Metrics;

/// <summary>
/// The majority class of a label set and the score a predictor that always answers it gets — the level
/// Dodge et al.'s diverged runs collapse to, and what the divergence policy compares validation scores with.
/// </summary>
public sealed class MajorityBaseline
{
    private MajorityBaseline(int majorityLabel, int majorityCount, int positiveCount, int count)
    {
        MajorityLabel = majorityLabel;
        MajorityCount = majorityCount;
        PositiveCount = positiveCount;
        Count = count;
    }

    /// <summary>The most frequent label; on a tie the smallest one (scikit-learn's <c>DummyClassifier("most_frequent")</c>).</summary>
    public int MajorityLabel { get; }

    /// <summary>How many labels equal <see cref="MajorityLabel"/>.</summary>
    public int MajorityCount { get; }

    /// <summary>How many labels equal 1 (the positive class of F1).</summary>
    public int PositiveCount { get; }

    /// <summary>Number of labels.</summary>
    public int Count { get; }

    /// <summary>Finds the majority class of non-negative <paramref name="labels"/> (at least one).</summary>
    public static MajorityBaseline FromLabels(ReadOnlySpan<int> labels)
    {
        if (labels.IsEmpty)
        {
            throw new ArgumentException("Need at least one label.", nameof(labels));
        }

        var counts = new Dictionary<int, int>();
        var positives = 0;
        foreach (var label in labels)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(label, nameof(labels));
            counts[label] = counts.GetValueOrDefault(label) + 1;
            if (label == 1)
            {
                positives++;
            }
        }

        var best = -1;
        var bestCount = 0;
        foreach (var (label, count) in counts)
        {
            if (count > bestCount || (count == bestCount && label < best))
            {
                best = label;
                bestCount = count;
            }
        }

        return new MajorityBaseline(best, bestCount, positives, labels.Length);
    }

    /// <summary>
    /// The score of the constant majority predictor: accuracy = majority share; F1 = 2·n₁/(n + n₁) when the
    /// majority is label 1 (every positive found, every negative a false positive), else 0 (no true positive);
    /// MCC = 0 (a constant predictor zeroes the denominator). Correlations are undefined for a constant
    /// predictor and throw <see cref="ArgumentException"/>.
    /// </summary>
    public double Score(MetricKind kind) => kind switch
    {
        MetricKind.Accuracy => (double)MajorityCount / Count,
        MetricKind.F1 => MajorityLabel == 1 ? 2.0 * PositiveCount / (Count + PositiveCount) : 0.0,
        MetricKind.Mcc => 0.0,
        _ => throw new ArgumentException($"No majority baseline for '{Metric.Name(kind)}'.", nameof(kind)),
    };
}
