namespace SweepCluster.Training.Data;

/// <summary>A train/validation split, each part in the order of the original data.</summary>
public sealed record DatasetSplit(IReadOnlyList<TextExample> Train, IReadOnlyList<TextExample> Validation);
