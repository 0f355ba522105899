using SweepCluster.Coordinator.Policies;
using SweepCluster.Shared.Specs;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Policies;

public sealed class PolicyFactoryTests
{
    /// <summary>A 4 × 4 simulated spec with the given stopping section; its first entry starts on line 17.</summary>
    private static ExperimentSpec WithStopping(string stopping) =>
        SpecParser.Parse(TestSpecs.SimulatedYaml(init: "1..4", order: "1..4") + "\nstopping:\n" + stopping);

    private static SpecException Invalid(string stopping) =>
        Assert.Throws<SpecException>(() => PolicyFactory.Validate(WithStopping(stopping), "sweep.yaml"));

    [Fact]
    public void Validate_EveryPolicyWithValidParameters_Passes()
    {
        var spec = WithStopping("""
              - policy: divergence
                loss_factor: 5
              - policy: dodge_cohort
                fraction: 0.25
                keep: 4
              - policy: asha
                fraction: 0.3
                keep: 1
                of: 3
              - policy: median
            """);

        PolicyFactory.Validate(spec);

        Assert.Equal(
            ["divergence", "dodge_cohort", "asha", "median"],
            PolicyFactory.Create(spec, 16).Select(p => p.Name));
    }

    [Fact]
    public void Create_NoDivergenceConfiguredAndOthersFirst_GuardComesFirst()
    {
        var policies = PolicyFactory.Create(WithStopping("  - policy: median\n  - policy: divergence\n"), 16);

        Assert.Equal(["divergence", "median"], policies.Select(p => p.Name));
        Assert.True(Assert.IsType<DivergencePolicy>(policies[0]).Configured);
        Assert.False(Assert.IsType<DivergencePolicy>(Assert.Single(PolicyFactory.Create(TestSpecs.Simulated(), 4))).Configured);
    }

    [Fact]
    public void Validate_OutOfRangeValue_NamesFieldAndLine()
    {
        var e = Invalid("  - policy: median\n    min_trials: 0\n");

        Assert.Equal(("stopping[0].min_trials", 17), (e.Field, e.Line));
        Assert.Equal("sweep.yaml:17: stopping[0].min_trials: expected an integer >= 1, got '0'", e.Message);
    }

    [Fact]
    public void Validate_UnknownParameter_ListsTheKnownOnes()
    {
        var e = Invalid("  - policy: median\n  - policy: asha\n    fraction: 0.3\n    keep: 1\n    of: 3\n    fractoin: 0.2\n");

        Assert.Equal(
            "sweep.yaml:18: stopping[1].fractoin: unknown parameter for policy 'asha' (known: fraction, keep, of)",
            e.Message);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsAllInLineOrder()
    {
        var e = Invalid("  - policy: asha\n    keep: 3\n    of: 3\n  - policy: divergence\n    loss_factor: 1\n    after_fraction: x\n");

        Assert.Equal(
            [
                "sweep.yaml:17: stopping[0].fraction: policy 'asha' needs 'fraction'",
                "sweep.yaml:17: stopping[0].keep: must be smaller than 'of' (3), or nothing is stopped",
                "sweep.yaml:20: stopping[1].loss_factor: expected a number > 1, got '1'",
                "sweep.yaml:20: stopping[1].after_fraction: expected a number in [0, 1], got 'x'",
            ],
            e.Errors.Select(x => x.ToString()));
    }

    [Fact]
    public void Validate_CohortKeepNotBelowCohortSize_Fails()
    {
        Assert.Equal(
            "sweep.yaml:17: stopping[0].keep: must be smaller than the cohort size t = 16 (every trial of the sweep), or nothing is stopped",
            Invalid("  - policy: dodge_cohort\n    fraction: 0.25\n    keep: 16\n").Message);
        Assert.Equal(
            "sweep.yaml:17: stopping[0].keep: must be smaller than the cohort size t = 4 (cohort_size), or nothing is stopped",
            Invalid("  - policy: dodge_cohort\n    fraction: 0.25\n    keep: 4\n    cohort_size: 4\n").Message);
    }

    [Fact]
    public void Validate_BudgetWithFractionOrInfeasibleBudget_Fails()
    {
        Assert.Equal(
            "sweep.yaml:17: stopping[0].fraction: cannot be combined with 'budget' (the planner chooses f and p)",
            Invalid("  - policy: dodge_cohort\n    budget: 4\n    fraction: 0.25\n").Message);
        Assert.Equal(
            "sweep.yaml:17: stopping[0].budget: infeasible for cohorts of t = 16: A budget of 0.5 full runs cannot train any trial to the end.",
            Invalid("  - policy: dodge_cohort\n    budget: 0.5\n").Message);
    }

    [Fact]
    public void Summarize_BudgetPlan_WorkedCase()
    {
        var spec = WithStopping("  - policy: dodge_cohort\n    budget: 4\n    cohort_size: 10\n");

        var summary = Assert.Single(PolicyFactory.Summarize(spec, 16, stepsPerRun: 100));

        // Cohorts of t = 10 (two cohorts: 10 and 6 trials): p = 2, f = 2/8 = 0.25, cost 10·0.25 + 2·0.75 = 4 runs = 400 steps.
        Assert.Equal(new CohortPlanSummary(10, 0.25, 2, 4, 4, 400, 2, null), summary.Plan);
        Assert.Equal("dodge_cohort", summary.Policy);
        Assert.Equal(
            "Each cohort of 10 trials pauses at fraction 0.25; the best 2 by accuracy resume to the end, the others are EarlyStopped; cost 4 full runs per cohort",
            summary.Rule);
        Assert.Equal([("fraction", "0.25"), ("keep", "2"), ("cohort_size", "10"), ("budget", "4")], summary.Settings.Select(s => (s.Key, s.Value)));
    }

    [Fact]
    public void Summarize_GuardOnly_ListsNothing()
    {
        Assert.Empty(PolicyFactory.Summarize(TestSpecs.Simulated(), 4));
    }
}
