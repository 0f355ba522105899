using SweepCluster.Shared.Statistics;

namespace SweepCluster.Coordinator.Reports;

/// <summary>How much of the score variance comes from each seed.</summary>
/// <param name="ExpectedStd">Per-factor expected standard deviation (tolerates missing cells).</param>
/// <param name="Anova">Two-way WI × DO ANOVA; null unless the completed trials form a full factorial.</param>
/// <param name="AnovaNote">Why <paramref name="Anova"/> is null; null when it is present.</param>
/// <param name="SubGrid">When the completed trials of a single configuration leave holes in the WI × DO grid
/// (diverged, failed or unfinished trials): the largest complete sub-grid
/// (<see cref="VarianceDecomposition.LargestCompleteFactorial"/>); null otherwise or when no 2 × 2 grid is complete.</param>
/// <param name="SubGridAnova">The two-way ANOVA over <paramref name="SubGrid"/>'s trials. It conditions on the
/// dropped seeds' trials having failed, so read it as "among seeds that trained", not of the whole sweep.</param>
public sealed record VarianceReport(
    ExpectedStdByFactor ExpectedStd, TwoWayAnova? Anova, string? AnovaNote, SeedSubDesign? SubGrid = null, TwoWayAnova? SubGridAnova = null);
