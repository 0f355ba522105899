using SweepCluster.Training.Metrics;
using SweepCluster.Training.Text;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuNode.Runners.Builtin;

/// <summary>A task read, split, tokenized and encoded once per process, shared by every trial that needs it.</summary>
/// <param name="Data">Encoded examples and labels.</param>
/// <param name="Vocabulary">The WordPiece vocabulary used (built from the training texts, or the pretrained model's).</param>
/// <param name="VocabularySource">Where <paramref name="Vocabulary"/> came from, for the manifest.</param>
/// <param name="LabelNames">Class names by id; null for regression.</param>
/// <param name="Metric">The validation metric.</param>
/// <param name="Baseline">The majority-class score of the validation set on <paramref name="Metric"/>; null for regression.</param>
internal sealed record PreparedTask(
    FineTuningData Data, Vocabulary Vocabulary, string VocabularySource, IReadOnlyList<string>? LabelNames, MetricKind Metric, double? Baseline);
