namespace SweepCluster.Shared.Statistics;

/// <summary>One point of an expected-maximum-performance curve.</summary>
/// <param name="N">Number of trials.</param>
/// <param name="Mean">Expected best score of <paramref name="N"/> trials.</param>
/// <param name="Std">Standard deviation of the best score of <paramref name="N"/> trials.</param>
/// <param name="BandLow">Lower bootstrap percentile of <paramref name="Mean"/>; null without a bootstrap.</param>
/// <param name="BandHigh">Upper bootstrap percentile of <paramref name="Mean"/>; null without a bootstrap.</param>
/// <param name="Compute">
/// Expected compute of <paramref name="N"/> trials run to completion: N × mean per-trial cost (in the
/// caller's unit, e.g. training steps); null when no costs were given.
/// </param>
public sealed record EmpPoint(int N, double Mean, double Std, double? BandLow, double? BandHigh, double? Compute);
