namespace SweepCluster.Shared.Statistics;

/// <summary>Whether two sweeps favour the same seeds of one factor, over the seeds both sweeps used.</summary>
/// <param name="CommonSeeds">Seeds present in both sweeps (m).</param>
/// <param name="Spearman">Spearman ρ between the two sweeps' per-seed means; null when undefined.</param>
/// <param name="TopK">k actually used: the requested k, capped at m.</param>
/// <param name="TopKOverlap">Seeds in the top k of both sweeps.</param>
/// <param name="ExpectedOverlapByChance">k²/m: the mean overlap of two independent random top-k sets.</param>
/// <param name="SameBest">True when both sweeps rank the same seed first.</param>
public sealed record SeedAgreement(
    int CommonSeeds,
    double? Spearman,
    int TopK,
    int TopKOverlap,
    double ExpectedOverlapByChance,
    bool SameBest);
