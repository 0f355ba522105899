using System.Globalization;
using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Statistics;

namespace SweepCluster.Coordinator.Policies;

/// <summary>
/// Turns the spec's <c>stopping</c> entries into policies, validating every parameter name and value
/// (errors name <c>stopping[i].param</c> and the entry's line). The divergence policy always comes
/// first — configured, or the built-in non-finite-loss guard when the spec has none — then the others
/// in spec order.
/// </summary>
public static class PolicyFactory
{
    /// <summary>
    /// Checks the stopping policies of a spec the parser accepted. Call it at submit time so that a
    /// bad parameter fails the submission, not the sweep.
    /// </summary>
    /// <param name="spec">A parsed spec.</param>
    /// <param name="sourceName">Name for the messages (usually the spec's file name); <c>spec</c> when null.</param>
    /// <exception cref="SpecException">A parameter is unknown, missing or out of range, or a budget is infeasible.</exception>
    public static void Validate(ExperimentSpec spec, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _ = Build(spec, TrialCount(spec), sourceName);
    }

    /// <summary>
    /// What each configured policy does with its parameters in effect, for reports. The built-in
    /// non-finite-loss guard, always on, is not listed unless <c>divergence</c> is configured.
    /// </summary>
    /// <param name="spec">A parsed spec.</param>
    /// <param name="trialCount">Trials in the sweep (the default cohort size).</param>
    /// <param name="stepsPerRun">Training steps of a full run, to express the cohort cost in steps; null when unknown.</param>
    /// <exception cref="SpecException">The policies are invalid (see <see cref="Validate"/>).</exception>
    public static IReadOnlyList<PolicySummary> Summarize(ExperimentSpec spec, int trialCount, long? stepsPerRun = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return [.. Build(spec, trialCount, null).Select(p => PolicySummaries.Describe(p, spec, trialCount, stepsPerRun)).OfType<PolicySummary>()];
    }

    /// <summary>The policies of a sweep in evaluation order (the divergence policy or guard first).</summary>
    internal static IReadOnlyList<IStoppingPolicy> Create(ExperimentSpec spec, int trialCount) => Build(spec, trialCount, null);

    /// <summary>Trials of the sweep: configurations × seed pairs.</summary>
    internal static int TrialCount(ExperimentSpec spec) => checked(SpecExpansion.ConfigCount(spec) * SpecExpansion.SeedPairs(spec.Seeds).Count);

    private static List<IStoppingPolicy> Build(ExperimentSpec spec, int trialCount, string? sourceName)
    {
        var errors = new List<SpecError>();
        IStoppingPolicy divergence = DivergencePolicy.GuardOnly;
        var others = new List<IStoppingPolicy>();
        for (var i = 0; i < spec.Stopping.Count; i++)
        {
            var entry = spec.Stopping[i];
            var p = new PolicyParameters(sourceName ?? "spec", i, entry, errors);
            switch (entry.Kind)
            {
                case DivergencePolicy.PolicyName:
                    divergence = ReadDivergence(p);
                    break;
                case DodgeCohortPolicy.PolicyName:
                    others.Add(ReadCohort(p, Math.Max(1, trialCount)));
                    break;
                case AshaPolicy.PolicyName:
                    others.Add(ReadAsha(p));
                    break;
                case MedianPolicy.PolicyName:
                    others.Add(new MedianPolicy(
                        p.Number("warmup_fraction", 0.25, f => f is >= 0 and < 1, "a number in [0, 1)"),
                        p.Integer("min_trials", 3, 1)));
                    break;
                default:
                    errors.Add(new SpecError(sourceName ?? "spec", $"stopping[{i}].policy", entry.Line, $"unknown policy '{entry.Kind}'"));
                    continue;
            }

            p.RejectUnknown();
        }

        if (errors.Count > 0)
        {
            throw new SpecException([.. errors.OrderBy(e => e.Line)]);
        }

        return [divergence, .. others];
    }

    private static DivergencePolicy ReadDivergence(PolicyParameters p) => new(
        p.Number("loss_factor", 10, k => k > 1, "a number > 1"),
        p.Integer("early_evaluations", 3, 1),
        p.Number("baseline_epsilon", 0.01, e => e >= 0, "a number >= 0"),
        p.Number("after_fraction", 0.3, f => f is >= 0 and <= 1, "a number in [0, 1]"),
        p.Word("loss_metric", "loss"),
        configured: true);

    private static DodgeCohortPolicy ReadCohort(PolicyParameters p, int trialCount)
    {
        var size = p.OptionalInteger("cohort_size", 1);
        var t = Math.Min(size ?? trialCount, trialCount);
        var budget = p.OptionalNumber("budget", x => x > 0, "a positive number of full runs");
        if (budget is { } x)
        {
            foreach (var name in new[] { "fraction", "keep" })
            {
                if (p.Has(name))
                {
                    p.Error(name, "cannot be combined with 'budget' (the planner chooses f and p)");
                }
            }

            var plan = StartManyStopEarly.Plan(x, t);
            if (!plan.Feasible)
            {
                p.Error("budget", string.Create(CultureInfo.InvariantCulture, $"infeasible for cohorts of t = {t}: {plan.Note}"));
                return new DodgeCohortPolicy(1, t, t, x, plan.Note);
            }

            return new DodgeCohortPolicy(plan.Fraction, plan.TrialsToContinue, t, x, plan.Note);
        }

        var fraction = Required(p, "fraction", () => p.OptionalNumber("fraction", f => f is > 0 and < 1, "a number in (0, 1)"));
        var keep = Required(p, "keep", () => p.OptionalInteger("keep", 1));
        if (keep is { } k && k >= t)
        {
            p.Error("keep", string.Create(CultureInfo.InvariantCulture,
                $"must be smaller than the cohort size t = {t} ({(size is null ? "every trial of the sweep" : "cohort_size")}), or nothing is stopped"));
        }

        return new DodgeCohortPolicy(fraction ?? 1, keep ?? 1, t, null, null);
    }

    private static AshaPolicy ReadAsha(PolicyParameters p)
    {
        var fraction = Required(p, "fraction", () => p.OptionalNumber("fraction", f => f is > 0 and < 1, "a number in (0, 1)"));
        var keep = Required(p, "keep", () => p.OptionalInteger("keep", 1));
        var of = Required(p, "of", () => p.OptionalInteger("of", 1));
        if (keep is { } k && of is { } t && k >= t)
        {
            p.Error("keep", string.Create(CultureInfo.InvariantCulture, $"must be smaller than 'of' ({t}), or nothing is stopped"));
        }

        return new AshaPolicy(fraction ?? 1, keep ?? 1, of ?? 1);
    }

    private static T? Required<T>(PolicyParameters p, string name, Func<T?> read)
        where T : struct
    {
        if (!p.Has(name))
        {
            p.Missing(name);
            return null;
        }

        return read();
    }
}
