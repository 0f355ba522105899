namespace SweepCluster.Training.Optim;

/// <summary>
/// One named tensor of optimizer state, e.g. <c>bert.pooler.dense.weight.exp_avg</c>, shaped like its
/// parameter, ready to be written to a checkpoint.
/// </summary>
/// <param name="Name">Parameter name plus <see cref="AdamW.ExpAvgSuffix"/> or <see cref="AdamW.ExpAvgSqSuffix"/>.</param>
/// <param name="Shape">The parameter's shape.</param>
/// <param name="Data">A copy of the values, row-major.</param>
public sealed record OptimizerStateTensor(string Name, int[] Shape, float[] Data);
