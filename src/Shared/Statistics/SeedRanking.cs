namespace SweepCluster.Shared.Statistics;

/// <summary>
/// Which WI and DO seeds are good, whether the same seeds win across sweeps (Dodge et al. 2020 found
/// some seeds consistently better within a task), and which seeds diverge.
/// Ranking is deterministic: best mean first, ties broken by the smaller seed.
/// </summary>
public static class SeedRanking
{
    /// <summary>Per-seed mean score of <paramref name="factor"/>, best first.</summary>
    public static IReadOnlyList<SeedMean> Means(IReadOnlyList<SeedScore> scores, SeedFactor factor, bool maximize = true)
    {
        VarianceDecomposition.ValidateScores(scores);
        var means = scores
            .GroupBy(s => factor == SeedFactor.Init ? s.InitSeed : s.OrderSeed)
            .Select(g => new SeedMean(g.Key, g.Average(s => s.Score), g.Count()))
            .ToList();
        return BestFirst(means, maximize);
    }

    /// <summary>The seed of <paramref name="factor"/> with the best mean score.</summary>
    public static SeedMean Best(IReadOnlyList<SeedScore> scores, SeedFactor factor, bool maximize = true) =>
        Means(scores, factor, maximize)[0];

    /// <summary>
    /// Agreement between two sweeps' per-seed means (from <see cref="Means"/>) of the same factor,
    /// restricted to the seeds both used. Throws when they share no seed.
    /// </summary>
    public static SeedAgreement Agreement(IReadOnlyList<SeedMean> first, IReadOnlyList<SeedMean> second, int topK, bool maximize = true)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        var secondBySeed = second.ToDictionary(s => s.Seed);
        var a = first.Where(s => secondBySeed.ContainsKey(s.Seed)).ToList();
        if (a.Count == 0)
        {
            throw new ArgumentException("The two sweeps have no seed in common.", nameof(second));
        }

        var b = a.Select(s => secondBySeed[s.Seed]).ToList();
        var spearman = RankCorrelation.Spearman(a.Select(s => s.Mean).ToList(), b.Select(s => s.Mean).ToList());
        var k = Math.Min(topK, a.Count);
        var rankedA = BestFirst(a, maximize);
        var rankedB = BestFirst(b, maximize);
        var overlap = rankedA.Take(k).Select(s => s.Seed).Intersect(rankedB.Take(k).Select(s => s.Seed)).Count();
        return new SeedAgreement(a.Count, spearman, k, overlap, (double)k * k / a.Count, rankedA[0].Seed == rankedB[0].Seed);
    }

    /// <summary>Divergence rate per seed of <paramref name="factor"/>, in increasing seed order.</summary>
    public static IReadOnlyList<DivergenceRate> DivergenceRates(IReadOnlyList<SeedOutcome> outcomes, SeedFactor factor)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return outcomes
            .GroupBy(o => factor == SeedFactor.Init ? o.InitSeed : o.OrderSeed)
            .Select(g => new DivergenceRate(g.Key, g.Count(o => o.Diverged), g.Count()))
            .OrderBy(r => r.Seed)
            .ToList();
    }

    private static List<SeedMean> BestFirst(IEnumerable<SeedMean> means, bool maximize) =>
        (maximize ? means.OrderByDescending(m => m.Mean) : means.OrderBy(m => m.Mean)).ThenBy(m => m.Seed).ToList();
}
