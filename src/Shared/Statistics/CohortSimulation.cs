namespace SweepCluster.Shared.Statistics;

/// <summary>
/// "Start many, stop early, continue some" (Dodge et al. 2020) replayed offline on recorded trials:
/// a cohort is a uniformly random size-t subset of the N candidates; its trials that reached f are
/// ranked by their score at f (non-finite last, ties by candidate index, as the <c>dodge_cohort</c>
/// policy breaks them by expansion order) and the best p continue to the end (all of them when p or
/// fewer reached f). <see cref="Evaluate"/> gives the exact expectation over all C(N, t) cohorts —
/// no sampling — of the best final score among the continued trials, and of the compute spent.
/// <para>
/// Method: for a threshold u, the continued set holds no trial scoring ≥ u exactly when the first
/// min(p, k) ranked members of the cohort (k of them) are all "bad". Counting such cohorts by the
/// rank position r of the p-th ranked member gives
/// C(B, ≤p terms) + Σᵣ [r bad]·C(B(r−1), p−1)·(C(M − r + U, t − p) − C(U, t − p)),
/// with M ranked and U unranked candidates and B(r) the bad ones among the first r ranked. Then
/// E[best] = u₁ + Σᵢ (uᵢ − uᵢ₋₁)·P(best ≥ uᵢ) over the distinct final scores u₁ &lt; … &lt; u_m, and
/// E[best²] likewise. Binomials are taken in log space so N in the thousands does not overflow.
/// For a minimized metric the scores are negated, the same computation runs, and the mean is
/// negated back.
/// </para>
/// </summary>
public static class CohortSimulation
{
    /// <summary>Exact expected best final score and cost of a random cohort of
    /// <paramref name="trialsStarted"/> candidates continuing the best <paramref name="trialsContinued"/>.</summary>
    public static CohortOutcome Evaluate(IReadOnlyList<CohortCandidate> candidates, int trialsStarted, int trialsContinued, bool maximize = true)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var n = candidates.Count;
        ArgumentOutOfRangeException.ThrowIfLessThan(trialsStarted, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trialsStarted, n);
        ArgumentOutOfRangeException.ThrowIfLessThan(trialsContinued, 1);
        Validate(candidates);

        var ranked = RankOrder(candidates, maximize);
        var counting = new CohortCounting(n, ranked.Length, trialsStarted, trialsContinued);
        var finals = ranked.Select(i => candidates[i].FinalScore is { } v ? (maximize ? v : -v) : (double?)null).ToArray();
        var cost = ExpectedCost(candidates, ranked, counting);

        var pExists = 1 - counting.NoneSelected(finals.Select(f => f is not null).ToArray());
        var levels = finals.OfType<double>().Distinct().Order().ToArray();
        if (levels.Length == 0 || pExists <= 0)
        {
            return new CohortOutcome(trialsStarted, trialsContinued, n, null, null, Math.Max(0, pExists), cost);
        }

        double shifted = 0, shiftedSquare = 0;
        for (var i = 1; i < levels.Length; i++)
        {
            var u = levels[i];
            var reach = 1 - counting.NoneSelected(finals.Select(f => f >= u).ToArray());
            var below = levels[i - 1] - levels[0];
            var at = u - levels[0];
            shifted += (u - levels[i - 1]) * reach;
            shiftedSquare += ((at * at) - (below * below)) * reach;
        }

        var mean = shifted / pExists;
        var variance = Math.Max(0, (shiftedSquare / pExists) - (mean * mean));
        var best = levels[0] + mean;
        return new CohortOutcome(trialsStarted, trialsContinued, n, maximize ? best : -best, Math.Sqrt(variance), pExists, cost);
    }

    /// <summary>Indexes of the candidates that reached f, best score at f first; non-finite last; ties by index.</summary>
    internal static int[] RankOrder(IReadOnlyList<CohortCandidate> candidates, bool maximize)
    {
        double Key(int i)
        {
            var v = candidates[i].EarlyScore!.Value;
            return !double.IsFinite(v) ? double.NegativeInfinity : maximize ? v : -v;
        }

        return Enumerable.Range(0, candidates.Count)
            .Where(i => candidates[i].EarlyScore is not null)
            .OrderByDescending(Key)
            .ThenBy(i => i)
            .ToArray();
    }

    private static double ExpectedCost(IReadOnlyList<CohortCandidate> candidates, int[] ranked, CohortCounting counting)
    {
        var inCohort = (double)counting.Started / candidates.Count;
        var cost = candidates.Sum(c => c.EarlyCost) * inCohort;
        for (var r = 0; r < ranked.Length; r++)
        {
            var c = candidates[ranked[r]];
            cost += counting.ContinueProbability(r + 1) * (c.FullCost - c.EarlyCost);
        }

        return cost;
    }

    private static void Validate(IReadOnlyList<CohortCandidate> candidates)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i] ?? throw new ArgumentException($"Candidate {i} is null.", nameof(candidates));
            if (c.FinalScore is { } f && !double.IsFinite(f))
            {
                throw new ArgumentException($"Candidate {i} has final score {f}; use null for no final score.", nameof(candidates));
            }

            if (!(c.EarlyCost >= 0 && c.FullCost >= c.EarlyCost && double.IsFinite(c.FullCost)))
            {
                throw new ArgumentException(
                    $"Candidate {i} has costs {c.EarlyCost} and {c.FullCost}; need 0 ≤ early ≤ full, finite.", nameof(candidates));
            }
        }
    }
}
