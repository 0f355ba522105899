namespace SweepCluster.Training.Metrics;

/// <summary>Maps metric names to <see cref="MetricKind"/> and computes a metric by kind or name.</summary>
public static class Metric
{
    /// <summary>The spec name of <paramref name="kind"/>: accuracy | f1 | mcc | pearson | spearman.</summary>
    public static string Name(MetricKind kind) => kind switch
    {
        MetricKind.Accuracy => "accuracy",
        MetricKind.F1 => "f1",
        MetricKind.Mcc => "mcc",
        MetricKind.Pearson => "pearson",
        MetricKind.Spearman => "spearman",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown metric."),
    };

    /// <summary>Parses a spec name (case-insensitive); throws <see cref="ArgumentException"/> for an unknown one.</summary>
    public static MetricKind Parse(string name) =>
        TryParse(name, out var kind)
            ? kind
            : throw new ArgumentException($"Unknown metric '{name}'; expected accuracy, f1, mcc, pearson or spearman.", nameof(name));

    /// <summary>Parses a spec name (case-insensitive).</summary>
    public static bool TryParse(string? name, out MetricKind kind)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "accuracy":
                kind = MetricKind.Accuracy;
                return true;
            case "f1":
                kind = MetricKind.F1;
                return true;
            case "mcc":
                kind = MetricKind.Mcc;
                return true;
            case "pearson":
                kind = MetricKind.Pearson;
                return true;
            case "spearman":
                kind = MetricKind.Spearman;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    /// <summary>True for metrics over class labels (accuracy, f1, mcc); false for correlations over real values.</summary>
    public static bool IsClassification(MetricKind kind) => kind is MetricKind.Accuracy or MetricKind.F1 or MetricKind.Mcc;

    /// <summary>Computes a classification metric from gold labels and predicted labels.</summary>
    public static double Compute(MetricKind kind, ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions) => kind switch
    {
        MetricKind.Accuracy => ClassificationMetrics.Accuracy(labels, predictions),
        MetricKind.F1 => ClassificationMetrics.BinaryF1(labels, predictions),
        MetricKind.Mcc => ClassificationMetrics.MatthewsCorrelation(labels, predictions),
        _ => throw new ArgumentException($"'{Name(kind)}' is not a classification metric.", nameof(kind)),
    };

    /// <summary>Computes a correlation metric from gold targets and predictions.</summary>
    public static double Compute(MetricKind kind, ReadOnlySpan<double> targets, ReadOnlySpan<double> predictions) => kind switch
    {
        MetricKind.Pearson => RegressionMetrics.Pearson(targets, predictions),
        MetricKind.Spearman => RegressionMetrics.Spearman(targets, predictions),
        _ => throw new ArgumentException($"'{Name(kind)}' is not a regression metric.", nameof(kind)),
    };

    /// <summary>Computes the classification metric called <paramref name="name"/>.</summary>
    public static double Compute(string name, ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions) =>
        Compute(Parse(name), labels, predictions);

    /// <summary>Computes the regression metric called <paramref name="name"/>.</summary>
    public static double Compute(string name, ReadOnlySpan<double> targets, ReadOnlySpan<double> predictions) =>
        Compute(Parse(name), targets, predictions);
}
