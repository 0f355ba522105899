using System.Globalization;

namespace SweepCluster.Shared.Statistics;

/// <summary>
/// Planner math for "start many, stop early, continue some" (Dodge et al. 2020, §6): start t trials,
/// train all to a fraction f of full training, continue only the best p to the end. The cost is
/// (t·f + p·(1 − f))·s steps for s steps per full run, i.e. t·f + p·(1 − f) full runs.
/// </summary>
public static class StartManyStopEarly
{
    /// <summary>Lower end of the recommended evaluation fraction (rankings at 20–30 % predict the final ranking).</summary>
    public const double MinFraction = 0.2;

    /// <summary>Upper end of the recommended evaluation fraction.</summary>
    public const double MaxFraction = 0.3;

    // Absorbs the rounding of p + (x − p)/f when it should be an integer (e.g. 5 + 5/0.2 = 30).
    private const double Slack = 1e-9;

    /// <summary>t·f + p·(1 − f), in full training runs.</summary>
    public static double CostInFullRuns(int trialsStarted, double fraction, int trialsContinued)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trialsStarted, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(trialsContinued);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trialsContinued, trialsStarted);
        if (!(fraction >= 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Must be in [0, 1].");
        }

        return (trialsStarted * fraction) + (trialsContinued * (1 - fraction));
    }

    /// <summary>(t·f + p·(1 − f))·s, in training steps for <paramref name="stepsPerRun"/> steps per full run.</summary>
    public static double CostInSteps(int trialsStarted, double fraction, int trialsContinued, long stepsPerRun)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepsPerRun);
        return CostInFullRuns(trialsStarted, fraction, trialsContinued) * stepsPerRun;
    }

    /// <summary>
    /// Plans (t, f, p) for a budget of x full runs and t trials to start. The rule, in order:
    /// <list type="number">
    /// <item>x ≥ t: train all t to the end (f = 1, p = t); nothing to stop early.</item>
    /// <item>x &lt; 1: infeasible; no trial can finish. The plan spends x on partial runs (f = x/t, p = 0).</item>
    /// <item>Otherwise p = x/2 rounded half away from zero, clamped to [1, t − 1] (then p ≤ x), and
    /// f* = (x − p)/(t − p), the fraction at which the cost equals the budget exactly.</item>
    /// <item>f* = 0 (x = p = 1): infeasible; the budget only pays for the continued run.</item>
    /// <item>0 &lt; f* &lt; 0.2: f = f*, the budget is spent, and the note says the budget does not allow
    /// f ≥ 0.2 and how many trials at most (t ≤ p + (x − p)/0.2) would.</item>
    /// <item>0.2 ≤ f* ≤ 0.3: f = f*, the budget is spent; no note.</item>
    /// <item>f* &gt; 0.3: f = 0.3 (cost below budget); the note gives the smallest t (t ≥ p + (x − p)/0.3)
    /// that would spend the budget at f ≤ 0.3.</item>
    /// </list>
    /// </summary>
    public static StartManyPlan Plan(double budgetFullRuns, int trialsToStart)
    {
        var x = budgetFullRuns;
        var t = trialsToStart;
        if (!double.IsFinite(x) || x <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(budgetFullRuns), x, "Must be a positive number of full runs.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(t, 1);
        if (x >= t)
        {
            return new StartManyPlan(t, 1, t, x, t, true,
                Text($"The budget ({x} full runs) covers all {t} trials to the end ({x - t} left over): nothing to stop early."));
        }

        if (x < 1)
        {
            return new StartManyPlan(t, x / t, 0, x, x, false,
                Text($"A budget of {x} full runs cannot train any trial to the end."));
        }

        var p = Math.Clamp((int)Math.Round(x / 2, MidpointRounding.AwayFromZero), 1, t - 1);
        var f = (x - p) / (t - p);
        if (f <= 0)
        {
            return new StartManyPlan(t, 0, p, x, p, false,
                Text($"A budget of {x} full runs only pays for the {p} continued run(s); nothing is left to start the others."));
        }

        if (f < MinFraction)
        {
            var most = (int)Math.Floor(p + ((x - p) / MinFraction) + Slack);
            var advice = most > p
                ? Text($"start at most {most} trials (t ≤ p + (x − p)/0.2) to evaluate at f ≥ 0.2")
                : Text($"no t > p = {p} allows f ≥ 0.2 with this budget");
            return new StartManyPlan(t, f, p, x, x, true,
                Text($"The budget does not allow f ≥ 0.2 with t = {t}, p = {p}: f = {f:0.####}, below the 20–30 % at which rankings are reliable; {advice}."));
        }

        if (f > MaxFraction)
        {
            var least = (int)Math.Ceiling(p + ((x - p) / MaxFraction) - Slack);
            var cost = CostInFullRuns(t, MaxFraction, p);
            return new StartManyPlan(t, MaxFraction, p, x, cost, true,
                Text($"f capped at 0.3 (the budget allows f = {f:0.####}); the plan costs {cost:0.####} of {x} full runs; start at least {least} trials to spend the budget at f ≤ 0.3."));
        }

        return new StartManyPlan(t, f, p, x, x, true, null);
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
