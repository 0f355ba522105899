using SweepCluster.Shared.Statistics;

namespace SweepCluster.Shared.Tests.Statistics;

public sealed class CohortSimulationTests
{
    private const double Tolerance = 1e-12;

    // Three trials, score at f 0.9 / 0.8 / 0.7, final 0.5 / 0.9 / 0.7; t = 2, p = 1; pause at 0.25.
    // Cohorts {0,1} → 0 continues → 0.5;  {0,2} → 0 → 0.5;  {1,2} → 1 → 0.9.
    // Mean (0.5 + 0.5 + 0.9)/3 = 0.63333…; E[best²] = (0.25 + 0.25 + 0.81)/3 = 0.43666…
    // → variance 0.43666… − 0.40111… = 0.035555… = 8/225. Every cohort costs 2·0.25 + 1·0.75 = 1.25.
    [Fact]
    public void Evaluate_HandWorked_MatchesEnumeratedCohorts()
    {
        CohortCandidate[] trials = [Trial(0.9, 0.5), Trial(0.8, 0.9), Trial(0.7, 0.7)];

        var outcome = CohortSimulation.Evaluate(trials, 2, 1);

        Assert.Equal(1.9 / 3, outcome.ExpectedBest!.Value, Tolerance);
        Assert.Equal(Math.Sqrt(8.0 / 225), outcome.StdBest!.Value, Tolerance);
        Assert.Equal(1, outcome.ProbabilityOfScore, Tolerance);
        Assert.Equal(1.25, outcome.ExpectedCost, Tolerance);
    }

    // Same trials, minimized metric: trial 2 ranks first at f (0.7), then 1, then 0.
    // Cohorts {0,1} → 1 → 0.9;  {0,2} → 2 → 0.7;  {1,2} → 2 → 0.7: expected best (minimum) 2.3/3.
    [Fact]
    public void Evaluate_Minimized_RanksLowestFirstAndReturnsExpectedMinimum()
    {
        CohortCandidate[] trials = [Trial(0.9, 0.5), Trial(0.8, 0.9), Trial(0.7, 0.7)];

        var outcome = CohortSimulation.Evaluate(trials, 2, 1, maximize: false);

        Assert.Equal(2.3 / 3, outcome.ExpectedBest!.Value, Tolerance);
    }

    // Ties at f go to the lower index; a NaN at f ranks last; a trial that ended before f (null) is
    // never continued but still takes a cohort place. t = 2, p = 1 over four trials:
    //   0: f 0.8, final 0.6   1: f 0.8, final 0.9   2: f NaN, final 0.95   3: ended before f (cost 0.1)
    // {0,1} → 0 (tie, lower index) 0.6; {0,2} → 0 0.6; {0,3} → 0 0.6; {1,2} → 1 0.9; {1,3} → 1 0.9;
    // {2,3} → 2 (only ranked) 0.95. Mean (3·0.6 + 2·0.9 + 0.95)/6 = 4.55/6.
    // Cost: each trial is in 3 of 6 cohorts: ½·(0.25·3 + 0.1) = 0.425, plus 0.75 for the continued one in
    // the 6 cohorts (trial 3 never continues) = 0.75 → 1.175.
    [Fact]
    public void Evaluate_TiesNaNAndEndedBeforeF_FollowThePolicyRules()
    {
        CohortCandidate[] trials =
        [
            Trial(0.8, 0.6), Trial(0.8, 0.9), Trial(double.NaN, 0.95), new CohortCandidate(null, null, 0.1, 0.1),
        ];

        var outcome = CohortSimulation.Evaluate(trials, 2, 1);

        Assert.Equal(4.55 / 6, outcome.ExpectedBest!.Value, Tolerance);
        Assert.Equal(1, outcome.ProbabilityOfScore, Tolerance);
        Assert.Equal(1.175, outcome.ExpectedCost, Tolerance);
    }

    // A continued trial without a final score (diverged after f) gives no best; the expectation is
    // conditional on some final score. 0: f 0.9, no final (diverged at 0.5 of training); 1: f 0.5, final 0.7;
    // 2: f 0.4, final 0.8; t = 2, p = 1: {0,1} → nothing; {0,2} → nothing; {1,2} → 0.7.
    [Fact]
    public void Evaluate_ContinuedTrialDiverges_ConditionsOnAScore()
    {
        CohortCandidate[] trials = [new(0.9, null, 0.25, 0.5), Trial(0.5, 0.7), Trial(0.4, 0.8)];

        var outcome = CohortSimulation.Evaluate(trials, 2, 1);

        Assert.Equal(0.7, outcome.ExpectedBest!.Value, Tolerance);
        Assert.Equal(0, outcome.StdBest!.Value, Tolerance);
        Assert.Equal(1.0 / 3, outcome.ProbabilityOfScore, Tolerance);
        // ⅔·0.25·3 = 0.5 for the pauses; trial 0 continues in 2 of 3 cohorts (+0.25), 1 in 1 (+0.75).
        Assert.Equal(0.5 + (2.0 / 3 * 0.25) + (1.0 / 3 * 0.75), outcome.ExpectedCost, Tolerance);
    }

    [Fact]
    public void Evaluate_NoCandidateCanScore_ReturnsNullBest()
    {
        CohortCandidate[] trials = [new(null, null, 0.1, 0.1), new(0.7, null, 0.25, 0.3)];

        var outcome = CohortSimulation.Evaluate(trials, 1, 1);

        Assert.Null(outcome.ExpectedBest);
        Assert.Null(outcome.StdBest);
        Assert.Equal(0, outcome.ProbabilityOfScore);
    }

    [Fact]
    public void Evaluate_KeepAllOfTheCohort_EqualsTangUnbiasedEmp()
    {
        // With p = t every member continues, so the best is the max of a random t-subset: Tang's estimator.
        var rng = new Random(2020);
        var finals = Enumerable.Range(0, 9).Select(_ => Math.Round(rng.NextDouble(), 2)).ToArray();
        var trials = finals.Select(v => Trial(rng.NextDouble(), v)).ToArray();

        for (var t = 1; t <= finals.Length; t++)
        {
            var outcome = CohortSimulation.Evaluate(trials, t, t);
            var tang = ExpectedMaxPerformance.Unbiased(finals, t);
            Assert.Equal(tang.Mean, outcome.ExpectedBest!.Value, 1e-10);
            Assert.Equal(tang.Std, outcome.StdBest!.Value, 1e-7);
            Assert.Equal(t * 0.25 + (t * 0.75), outcome.ExpectedCost, 1e-10);
        }
    }

    [Fact]
    public void Evaluate_RandomSmallInputs_EqualsEnumerationOfAllCohorts()
    {
        var rng = new Random(2019);
        for (var round = 0; round < 60; round++)
        {
            var count = rng.Next(1, 9);
            var trials = Enumerable.Range(0, count).Select(_ => RandomTrial(rng)).ToArray();
            var t = rng.Next(1, count + 1);
            var p = rng.Next(1, t + 1);
            var maximize = rng.Next(2) == 0;

            var outcome = CohortSimulation.Evaluate(trials, t, p, maximize);
            var (mean, std, pScore, cost) = EnumerateCohorts(trials, t, p, maximize);

            Assert.Equal(pScore, outcome.ProbabilityOfScore, 1e-10);
            Assert.Equal(cost, outcome.ExpectedCost, 1e-10);
            if (mean is null)
            {
                Assert.Null(outcome.ExpectedBest);
            }
            else
            {
                Assert.Equal(mean.Value, outcome.ExpectedBest!.Value, 1e-10);
                Assert.Equal(std!.Value, outcome.StdBest!.Value, 1e-6);
            }
        }
    }

    [Fact]
    public void Evaluate_LargeCohorts_StayFinite()
    {
        var trials = Enumerable.Range(0, 2000).Select(i => Trial(i % 97 / 97.0, i % 89 / 89.0)).ToArray();

        var outcome = CohortSimulation.Evaluate(trials, 1000, 20);

        Assert.InRange(outcome.ExpectedBest!.Value, 0, 88.0 / 89);
        Assert.Equal(1, outcome.ProbabilityOfScore, 1e-9);
        Assert.Equal((1000 * 0.25) + (20 * 0.75), outcome.ExpectedCost, 1e-6);
    }

    [Fact]
    public void Evaluate_BadArguments_Throw()
    {
        CohortCandidate[] trials = [Trial(0.9, 0.5), Trial(0.8, 0.9)];

        Assert.Throws<ArgumentOutOfRangeException>(() => CohortSimulation.Evaluate(trials, 3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CohortSimulation.Evaluate(trials, 2, 0));
        Assert.Throws<ArgumentException>(() => CohortSimulation.Evaluate([new(0.5, double.NaN, 0.2, 1)], 1, 1));
        Assert.Throws<ArgumentException>(() => CohortSimulation.Evaluate([new(0.5, 0.5, 0.5, 0.2)], 1, 1));
    }

    private static CohortCandidate Trial(double early, double final) => new(early, final, 0.25, 1);

    private static CohortCandidate RandomTrial(Random rng)
    {
        // Coarse values so ties are common; some trials end before f, some have NaN at f or no final score.
        var kind = rng.Next(10);
        double Coarse() => rng.Next(5) / 4.0;
        return kind switch
        {
            0 => new CohortCandidate(null, null, 0.1, 0.1),
            1 => new CohortCandidate(double.NaN, Coarse(), 0.25, 1),
            2 => new CohortCandidate(Coarse(), null, 0.25, 0.6),
            _ => new CohortCandidate(Coarse(), Coarse(), 0.25, 1),
        };
    }

    /// <summary>Independent reference: every size-t cohort, the policy applied literally.</summary>
    private static (double? Mean, double? Std, double PScore, double Cost) EnumerateCohorts(
        CohortCandidate[] trials, int t, int p, bool maximize)
    {
        var bests = new List<double>();
        var cohorts = 0;
        var cost = 0.0;
        foreach (var cohort in Subsets(trials.Length, t))
        {
            cohorts++;
            var ranked = cohort.Where(i => trials[i].EarlyScore is not null)
                .OrderBy(i => Badness(trials[i].EarlyScore!.Value, maximize))
                .ThenBy(i => i)
                .ToList();
            var continued = ranked.Take(p).ToHashSet();
            cost += cohort.Sum(i => continued.Contains(i) ? trials[i].FullCost : trials[i].EarlyCost);
            var finals = continued.Where(i => trials[i].FinalScore is not null).Select(i => trials[i].FinalScore!.Value).ToList();
            if (finals.Count > 0)
            {
                bests.Add(maximize ? finals.Max() : finals.Min());
            }
        }

        if (bests.Count == 0)
        {
            return (null, null, 0, cost / cohorts);
        }

        var mean = bests.Average();
        var variance = bests.Sum(b => (b - mean) * (b - mean)) / bests.Count;
        return (mean, Math.Sqrt(variance), (double)bests.Count / cohorts, cost / cohorts);
    }

    private static double Badness(double early, bool maximize) =>
        !double.IsFinite(early) ? double.PositiveInfinity : maximize ? -early : early;

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        for (var mask = 0; mask < 1 << n; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) == k)
            {
                yield return Enumerable.Range(0, n).Where(i => (mask & (1 << i)) != 0).ToArray();
            }
        }
    }
}
