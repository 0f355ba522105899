namespace SweepCluster.Shared.Statistics;

/// <summary>One row of an analysis-of-variance table.</summary>
/// <param name="Source">What the row measures, e.g. "WI seed", "Residual".</param>
/// <param name="SumOfSquares">Sum of squares.</param>
/// <param name="DegreesOfFreedom">Degrees of freedom.</param>
/// <param name="MeanSquare">SumOfSquares / DegreesOfFreedom.</param>
/// <param name="F">MeanSquare / error mean square; null for the error and total rows, and when the
/// error mean square is zero.</param>
/// <param name="PValue">P(F(df, df_error) ≥ F); null whenever <paramref name="F"/> is.</param>
public sealed record AnovaRow(string Source, double SumOfSquares, int DegreesOfFreedom, double MeanSquare, double? F, double? PValue);
