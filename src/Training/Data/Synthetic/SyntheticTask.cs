namespace SweepCluster.Training.Data.Synthetic;

/// <summary>A generated binary text-classification task.</summary>
/// <param name="Train">Training examples (ids <c>train-0</c>, <c>train-1</c>, …).</param>
/// <param name="Validation">Validation examples (ids <c>validation-0</c>, …).</param>
/// <param name="Labels">The label set <c>"0", "1"</c>.</param>
/// <param name="Lexicon">The words and the labelling rule.</param>
public sealed record SyntheticTask(
    IReadOnlyList<TextExample> Train,
    IReadOnlyList<TextExample> Validation,
    LabelSet Labels,
    SyntheticLexicon Lexicon);
