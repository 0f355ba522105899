namespace SweepCluster.Training.Metrics;

/// <summary>
/// A validation metric; every one is higher-is-better. Names in specs are the lower-case forms
/// (<c>accuracy</c>, <c>f1</c>, <c>mcc</c>, <c>pearson</c>, <c>spearman</c>); see <see cref="Metric"/>.
/// </summary>
public enum MetricKind
{
    /// <summary>Share of exact label matches (SST-2, RTE, MRPC).</summary>
    Accuracy,

    /// <summary>Binary F1 of the positive label 1 (MRPC).</summary>
    F1,

    /// <summary>Matthews correlation coefficient (CoLA).</summary>
    Mcc,

    /// <summary>Pearson correlation of predictions and targets (regression).</summary>
    Pearson,

    /// <summary>Spearman rank correlation of predictions and targets (regression).</summary>
    Spearman,
}
