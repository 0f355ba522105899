using MathNet.Numerics;

namespace SweepCluster.Shared.Statistics;

public static partial class VarianceDecomposition
{
    /// <summary>
    /// Two-way fixed-effects ANOVA with WI seed as rows and DO seed as columns.
    /// Sums of squares are computed from deviations (not from raw totals) so they do not cancel:
    /// SS_WI = b·r·Σ(ȳᵢ − ȳ)², SS_DO = a·r·Σ(ȳⱼ − ȳ)², and with r = 1 the residual is
    /// Σ(yᵢⱼ − ȳᵢ − ȳⱼ + ȳ)²; with r ≥ 2, SS_WI×DO = r·Σ(ȳᵢⱼ − ȳᵢ − ȳⱼ + ȳ)² and SS_E = Σ(y − ȳᵢⱼ)².
    /// P-values are upper tails of the F distribution, 1 − CDF = I_(d₂/(d₂ + d₁F))(d₂/2, d₁/2), evaluated
    /// directly so small p-values keep their precision.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two WI or DO seeds, a missing (WI, DO) cell, or
    /// cells with different numbers of scores.</exception>
    public static TwoWayAnova Anova(IReadOnlyList<SeedScore> scores)
    {
        ValidateScores(scores);
        var inits = scores.Select(s => s.InitSeed).Distinct().Order().ToArray();
        var orders = scores.Select(s => s.OrderSeed).Distinct().Order().ToArray();
        int a = inits.Length, b = orders.Length;
        if (a < 2 || b < 2)
        {
            throw new ArgumentException(
                $"Two-way ANOVA needs at least two WI and two DO seeds (got {a} WI × {b} DO).", nameof(scores));
        }

        var cells = Grid(scores, inits, orders);
        var r = cells[0, 0].Count;
        var grand = scores.Average(s => s.Score);
        var rowMeans = new double[a];
        var colMeans = new double[b];
        var cellMeans = new double[a, b];
        for (var i = 0; i < a; i++)
        {
            for (var j = 0; j < b; j++)
            {
                cellMeans[i, j] = cells[i, j].Average();
                rowMeans[i] += cellMeans[i, j] / b;
                colMeans[j] += cellMeans[i, j] / a;
            }
        }

        double ssRows = 0, ssCols = 0, ssCross = 0, ssWithin = 0, ssTotal = 0;
        for (var i = 0; i < a; i++)
        {
            ssRows += (rowMeans[i] - grand) * (rowMeans[i] - grand);
        }

        for (var j = 0; j < b; j++)
        {
            ssCols += (colMeans[j] - grand) * (colMeans[j] - grand);
        }

        for (var i = 0; i < a; i++)
        {
            for (var j = 0; j < b; j++)
            {
                var cross = cellMeans[i, j] - rowMeans[i] - colMeans[j] + grand;
                ssCross += cross * cross;
                foreach (var y in cells[i, j])
                {
                    ssWithin += (y - cellMeans[i, j]) * (y - cellMeans[i, j]);
                    ssTotal += (y - grand) * (y - grand);
                }
            }
        }

        ssRows *= b * r;
        ssCols *= a * r;
        ssCross *= r;
        int dfRows = a - 1, dfCols = b - 1, dfCross = (a - 1) * (b - 1);
        var (ssError, dfError) = r == 1 ? (ssCross, dfCross) : (ssWithin, a * b * (r - 1));
        var msError = ssError / dfError;
        var residual = new AnovaRow(
            r == 1 ? "Residual (WI × DO interaction + error)" : "Error (within cells)", ssError, dfError, msError, null, null);
        return new TwoWayAnova(
            a,
            b,
            r,
            Effect("WI seed", ssRows, dfRows, msError, dfError),
            Effect("DO seed", ssCols, dfCols, msError, dfError),
            r == 1 ? null : Effect("WI × DO interaction", ssCross, dfCross, msError, dfError),
            residual,
            new AnovaRow("Total", ssTotal, (a * b * r) - 1, ssTotal / ((a * b * r) - 1), null, null));
    }

    /// <summary>Upper-tail probability P(X ≥ f) of an F(d1, d2) variable.</summary>
    internal static double FUpperTail(double f, int d1, int d2) =>
        f <= 0 ? 1.0 : SpecialFunctions.BetaRegularized(d2 / 2.0, d1 / 2.0, d2 / (d2 + (d1 * f)));

    private static AnovaRow Effect(string source, double ss, int df, double msError, int dfError)
    {
        var ms = ss / df;
        if (msError <= 0)
        {
            return new AnovaRow(source, ss, df, ms, null, null);
        }

        var f = ms / msError;
        return new AnovaRow(source, ss, df, ms, f, FUpperTail(f, df, dfError));
    }

    private static List<double>[,] Grid(IReadOnlyList<SeedScore> scores, int[] inits, int[] orders)
    {
        var cells = new List<double>[inits.Length, orders.Length];
        for (var i = 0; i < inits.Length; i++)
        {
            for (var j = 0; j < orders.Length; j++)
            {
                cells[i, j] = [];
            }
        }

        foreach (var s in scores)
        {
            cells[Array.BinarySearch(inits, s.InitSeed), Array.BinarySearch(orders, s.OrderSeed)].Add(s.Score);
        }

        var r = cells[0, 0].Count;
        for (var i = 0; i < inits.Length; i++)
        {
            for (var j = 0; j < orders.Length; j++)
            {
                var count = cells[i, j].Count;
                if (count == 0)
                {
                    throw new ArgumentException(
                        $"Two-way ANOVA needs a complete factorial: no score for WI seed {inits[i]} × DO seed {orders[j]} "
                        + $"({inits.Length} WI × {orders.Length} DO seeds seen).", nameof(scores));
                }

                if (count != r)
                {
                    throw new ArgumentException(
                        $"Two-way ANOVA needs the same number of scores in every cell: WI seed {inits[0]} × DO seed {orders[0]} "
                        + $"has {r}, WI seed {inits[i]} × DO seed {orders[j]} has {count}.", nameof(scores));
                }
            }
        }

        return cells;
    }
}
