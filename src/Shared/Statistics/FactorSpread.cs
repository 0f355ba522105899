namespace SweepCluster.Shared.Statistics;

/// <summary>
/// Expected standard deviation due to one seed factor: the sample standard deviation (n − 1) of the
/// scores across that factor's seeds, computed within each level of the <em>other</em> factor and
/// averaged over those levels.
/// </summary>
/// <param name="ExpectedStd">The average; null when no group has two or more cells.</param>
/// <param name="GroupsUsed">Levels of the other factor averaged over (each had ≥ 2 cells).</param>
/// <param name="GroupsSkipped">Levels of the other factor with a single cell (no sample std).</param>
/// <param name="CellsUsed">Cells (seed pairs) inside the used groups.</param>
public sealed record FactorSpread(double? ExpectedStd, int GroupsUsed, int GroupsSkipped, int CellsUsed);
