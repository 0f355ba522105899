namespace SweepCluster.Shared.Statistics;

/// <summary>
/// Counts of size-t cohorts out of N candidates, of which M are ranked (in rank order 1 … M) and
/// U = N − M are not, as probabilities (count / C(N, t)). Log-factorials are tabulated once.
/// </summary>
internal sealed class CohortCounting
{
    private readonly double[] _logFactorial;
    private readonly double _logCohorts;

    public CohortCounting(int candidates, int ranked, int started, int continued)
    {
        Candidates = candidates;
        Ranked = ranked;
        Started = started;
        Kept = continued;
        _logFactorial = new double[candidates + 1];
        for (var i = 2; i <= candidates; i++)
        {
            _logFactorial[i] = _logFactorial[i - 1] + Math.Log(i);
        }

        _logCohorts = LogChoose(candidates, started);
    }

    /// <summary>N.</summary>
    public int Candidates { get; }

    /// <summary>M.</summary>
    public int Ranked { get; }

    /// <summary>t.</summary>
    public int Started { get; }

    /// <summary>p.</summary>
    public int Kept { get; }

    private int Unranked => Candidates - Ranked;

    /// <summary>
    /// P(no continued trial is "good"), <paramref name="good"/> indexed by rank position − 1: either the
    /// cohort has k ≤ p ranked members, all bad, or its p-th ranked member sits at a bad position r with
    /// the p − 1 before it bad and at least one ranked member after it.
    /// </summary>
    public double NoneSelected(bool[] good)
    {
        var bad = good.Count(g => !g);
        var p = Kept;
        var t = Started;
        var total = 0.0;
        for (var k = 0; k <= Math.Min(p, t); k++)
        {
            total += Probability(LogChoose(bad, k) + LogChoose(Unranked, t - k));
        }

        if (t > p)
        {
            var badBefore = 0;
            for (var r = 1; r <= Ranked; r++)
            {
                if (!good[r - 1])
                {
                    var lead = LogChoose(badBefore, p - 1);
                    total += Probability(lead + LogChoose(Ranked - r + Unranked, t - p))
                        - Probability(lead + LogChoose(Unranked, t - p));
                    badBefore++;
                }
            }
        }

        return Math.Clamp(total, 0, 1);
    }

    /// <summary>P(the ranked candidate at position r is in the cohort with fewer than p ranked members above it).</summary>
    public double ContinueProbability(int r)
    {
        var total = 0.0;
        for (var above = 0; above <= Math.Min(Kept - 1, r - 1); above++)
        {
            total += Probability(LogChoose(r - 1, above) + LogChoose(Candidates - r, Started - 1 - above));
        }

        return Math.Clamp(total, 0, 1);
    }

    private double Probability(double logCount) => double.IsNegativeInfinity(logCount) ? 0 : Math.Exp(logCount - _logCohorts);

    private double LogChoose(int n, int k) =>
        k < 0 || k > n || n < 0 ? double.NegativeInfinity : _logFactorial[n] - _logFactorial[k] - _logFactorial[n - k];
}
