namespace SweepCluster.Shared.Statistics;

public static partial class VarianceDecomposition
{
    /// <summary>Largest factor (in seeds) whose subsets are enumerated: 2²⁰ subsets.</summary>
    public const int MaxEnumeratedSeeds = 20;

    /// <summary>
    /// The complete WI × DO sub-factorial with the most cells (at least two seeds of each factor) among
    /// the seeds that have scores, or null when there is none. When trials diverged or failed, the
    /// full grid has holes and the two-way ANOVA cannot run; this finds the largest grid that can.
    /// Exact: every subset of the factor with fewer seeds is tried (for each WI subset the DO seeds
    /// complete for all of it are forced). Ties: more WI seeds, then the lexicographically smallest WI
    /// seeds. Mind the selection: dropping the seeds of failed cells conditions the analysis on success.
    /// </summary>
    /// <exception cref="ArgumentException">Both factors have more than <see cref="MaxEnumeratedSeeds"/> seeds.</exception>
    public static SeedSubDesign? LargestCompleteFactorial(IReadOnlyList<SeedScore> scores)
    {
        ValidateScores(scores);
        var cells = scores.Select(s => (s.InitSeed, s.OrderSeed)).ToHashSet();
        var inits = scores.Select(s => s.InitSeed).Distinct().Order().ToArray();
        var orders = scores.Select(s => s.OrderSeed).Distinct().Order().ToArray();
        if (Math.Min(inits.Length, orders.Length) > MaxEnumeratedSeeds)
        {
            throw new ArgumentException(
                $"Both factors have more than {MaxEnumeratedSeeds} seeds ({inits.Length} WI × {orders.Length} DO); the exact search would not finish.",
                nameof(scores));
        }

        var transpose = orders.Length < inits.Length;
        var (rows, columns) = transpose ? (orders, inits) : (inits, orders);
        bool Has(int row, int column) => cells.Contains(transpose ? (column, row) : (row, column));

        SeedSubDesign? best = null;
        for (var mask = 1L; mask < 1L << rows.Length; mask++)
        {
            var chosen = rows.Where((_, i) => (mask & (1L << i)) != 0).ToArray();
            var complete = columns.Where(c => chosen.All(r => Has(r, c))).ToArray();
            if (chosen.Length < 2 || complete.Length < 2)
            {
                continue;
            }

            var candidate = transpose ? new SeedSubDesign(complete, chosen) : new SeedSubDesign(chosen, complete);
            if (best is null || Better(candidate, best))
            {
                best = candidate;
            }
        }

        return best;
    }

    private static bool Better(SeedSubDesign a, SeedSubDesign b)
    {
        if (a.Cells != b.Cells)
        {
            return a.Cells > b.Cells;
        }

        if (a.InitSeeds.Count != b.InitSeeds.Count)
        {
            return a.InitSeeds.Count > b.InitSeeds.Count;
        }

        for (var i = 0; i < a.InitSeeds.Count; i++)
        {
            if (a.InitSeeds[i] != b.InitSeeds[i])
            {
                return a.InitSeeds[i] < b.InitSeeds[i];
            }
        }

        return false;
    }
}
