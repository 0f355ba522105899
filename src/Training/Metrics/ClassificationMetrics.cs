namespace SweepCluster.Training.Metrics;

/// <summary>
/// Classification metrics in double precision, matching scikit-learn's <c>accuracy_score</c>,
/// <c>f1_score</c> (binary, pos_label=1, zero_division=0) and <c>matthews_corrcoef</c>.
/// Labels are non-negative class indices.
/// </summary>
public static class ClassificationMetrics
{
    // Class indices index count arrays; anything this large is a bug in the caller, not a real label set.
    private const int MaxClasses = 1 << 16;

    /// <summary>Share of positions where the prediction equals the label.</summary>
    public static double Accuracy(ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions)
    {
        CheckInputs(labels, predictions);
        var correct = 0L;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] == predictions[i])
            {
                correct++;
            }
        }

        return (double)correct / labels.Length;
    }

    /// <summary>
    /// Binary F1 of the positive label 1: 2·tp / (2·tp + fp + fn). Labels and predictions must be 0 or 1.
    /// As scikit-learn with zero_division=0 (and its default, which warns and returns 0), F1 is 0 whenever
    /// tp = 0 — including when there are no positive labels and no positive predictions at all.
    /// </summary>
    public static double BinaryF1(ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions)
    {
        CheckInputs(labels, predictions);
        long tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var y = labels[i];
            var p = predictions[i];
            if ((y & ~1) != 0 || (p & ~1) != 0)
            {
                throw new ArgumentException($"Binary F1 needs labels and predictions in {{0, 1}}; got {y} and {p} at {i}.");
            }

            if (p == 1)
            {
                if (y == 1)
                {
                    tp++;
                }
                else
                {
                    fp++;
                }
            }
            else if (y == 1)
            {
                fn++;
            }
        }

        return tp == 0 ? 0.0 : 2.0 * tp / ((2 * tp) + fp + fn);
    }

    /// <summary>
    /// Matthews correlation coefficient, multi-class form as scikit-learn computes it:
    /// (c·s − Σₖ tₖpₖ) / sqrt((s² − Σₖ pₖ²)(s² − Σₖ tₖ²)) with c correct predictions, s samples, tₖ/pₖ the
    /// true/predicted counts of class k. Equals (tp·tn − fp·fn)/sqrt((tp+fp)(tp+fn)(tn+fp)(tn+fn)) for two
    /// classes. Returns 0 when the denominator is 0 (e.g. a constant predictor or a single-class label set).
    /// </summary>
    public static double MatthewsCorrelation(ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions)
    {
        CheckInputs(labels, predictions);
        var classes = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || predictions[i] < 0)
            {
                throw new ArgumentException($"Class labels must be non-negative; got {labels[i]} and {predictions[i]} at {i}.");
            }

            classes = Math.Max(classes, Math.Max(labels[i], predictions[i]) + 1);
        }

        if (classes > MaxClasses)
        {
            throw new ArgumentException($"Class indices must be below {MaxClasses}; got {classes - 1}.");
        }

        var trueCounts = new long[classes];
        var predictedCounts = new long[classes];
        var correct = 0L;
        for (var i = 0; i < labels.Length; i++)
        {
            trueCounts[labels[i]]++;
            predictedCounts[predictions[i]]++;
            if (labels[i] == predictions[i])
            {
                correct++;
            }
        }

        long samples = labels.Length;
        Int128 truePredicted = 0, predictedSquared = 0, trueSquared = 0;
        for (var k = 0; k < classes; k++)
        {
            truePredicted += (Int128)trueCounts[k] * predictedCounts[k];
            predictedSquared += (Int128)predictedCounts[k] * predictedCounts[k];
            trueSquared += (Int128)trueCounts[k] * trueCounts[k];
        }

        var samplesSquared = (Int128)samples * samples;
        var covTruePredicted = ((Int128)correct * samples) - truePredicted;
        var covPredicted = samplesSquared - predictedSquared;
        var covTrue = samplesSquared - trueSquared;
        var product = covPredicted * covTrue;
        if (product == 0)
        {
            return 0.0;
        }

        // Integer arithmetic is exact up to here; one rounding to double, then sqrt and divide, as sklearn does.
        return (double)covTruePredicted / Math.Sqrt((double)product);
    }

    private static void CheckInputs(ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions)
    {
        if (labels.Length != predictions.Length)
        {
            throw new ArgumentException($"{labels.Length} labels but {predictions.Length} predictions.");
        }

        if (labels.IsEmpty)
        {
            throw new ArgumentException("A metric needs at least one example.");
        }
    }
}
