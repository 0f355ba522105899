using SweepCluster.Shared.Statistics;

namespace SweepCluster.Coordinator.Reports;

/// <summary>Expected maximum validation performance curves of the completed trials' final scores.</summary>
/// <param name="WithReplacement">Dodge et al. (2019), n = 1 … ⌈<see cref="ReportOptions.EmpExtension"/>·N⌉, with std, bootstrap band and compute axis.</param>
/// <param name="Unbiased">Tang et al. (2020), n = 1 … N, with std, bootstrap band and compute axis.</param>
/// <param name="ObservedBest">The best observed final score (the curves' limit).</param>
/// <param name="BandLowerPercentile">Lower percentile of the bootstrap band.</param>
/// <param name="BandUpperPercentile">Upper percentile of the bootstrap band.</param>
/// <param name="MeanComputeSteps">Mean training steps of a completed trial: the compute axis is n × this.</param>
public sealed record EmpReport(
    IReadOnlyList<EmpPoint> WithReplacement,
    IReadOnlyList<EmpPoint> Unbiased,
    double ObservedBest,
    int BootstrapSamples,
    ulong BootstrapSeed,
    double BandLowerPercentile,
    double BandUpperPercentile,
    double MeanComputeSteps);
