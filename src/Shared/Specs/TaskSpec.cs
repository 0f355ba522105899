namespace SweepCluster.Shared.Specs;

/// <summary>The dataset a sweep fine-tunes on.</summary>
/// <param name="Kind">One of <c>synthetic</c>, <c>glue</c>, <c>jsonl</c>, <c>csv</c>.</param>
/// <param name="GlueTask">For <c>glue</c>: <c>sst2</c>, <c>mrpc</c>, <c>rte</c> or <c>cola</c>.</param>
/// <param name="Train">Training file (or GLUE task folder); relative paths resolve against the spec file.</param>
/// <param name="Validation">Validation file; when absent a seeded split of <see cref="Train"/> is used.</param>
/// <param name="TextField">Column or JSON field with the text (default <c>text</c>).</param>
/// <param name="TextPairField">Optional second text for sentence-pair tasks.</param>
/// <param name="LabelField">Column or JSON field with the label (default <c>label</c>).</param>
/// <param name="ValidationFraction">Share held out when there is no validation file (default 0.1).</param>
/// <param name="SplitSeed">Seed of the train/validation split (default 0).</param>
/// <param name="Synthetic">Generator settings for <c>synthetic</c>.</param>
public sealed record TaskSpec(
    string Kind,
    string? GlueTask,
    string? Train,
    string? Validation,
    string TextField,
    string? TextPairField,
    string LabelField,
    double ValidationFraction,
    int SplitSeed,
    SyntheticTaskSpec? Synthetic);

/// <summary>Settings of the seeded synthetic text-classification generator.</summary>
/// <param name="TrainExamples">Number of training examples (default 2000).</param>
/// <param name="ValidationExamples">Number of validation examples (default 500).</param>
/// <param name="VocabularySize">Distinct filler words (default 500).</param>
/// <param name="LabelNoise">Share of labels flipped at random (default 0.05).</param>
/// <param name="Seed">Generator seed (default 0).</param>
public sealed record SyntheticTaskSpec(
    int TrainExamples,
    int ValidationExamples,
    int VocabularySize,
    double LabelNoise,
    int Seed);
