using SweepCluster.Shared.Specs;
using SweepCluster.Training.Metrics;

namespace SweepCluster.GpuNode.Runners.Builtin;

/// <summary>What decides a <see cref="PreparedTask"/>: equal keys give identical prepared data.</summary>
/// <param name="VocabularySize">The built vocabulary's limit; 0 with a pretrained model (its vocab.txt decides).</param>
internal sealed record PreparedTaskKey(TaskSpec Task, ModelSpec Model, MetricKind Metric, int VocabularySize);
