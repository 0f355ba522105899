namespace SweepCluster.Shared.Statistics;

/// <summary>
/// Percentile bootstrap band for an EMP curve: the N scores are resampled with replacement
/// <paramref name="Samples"/> times, the curve is recomputed on each resample, and the percentiles of
/// the resampled curves are reported per n.
/// </summary>
/// <param name="Samples">Number of bootstrap resamples B (≥ 2). Cost is O(B · N · max n).</param>
/// <param name="Seed">Seed of the local SplitMix64 stream: the same seed gives the same band.</param>
/// <param name="LowerPercentile">Lower percentile in (0, 100), default 2.5.</param>
/// <param name="UpperPercentile">Upper percentile in (lower, 100), default 97.5.</param>
public sealed record EmpBootstrapOptions(int Samples, ulong Seed, double LowerPercentile = 2.5, double UpperPercentile = 97.5);
