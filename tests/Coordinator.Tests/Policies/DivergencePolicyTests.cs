using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;
using static SweepCluster.Coordinator.Tests.Policies.ScriptedSweep;

namespace SweepCluster.Coordinator.Tests.Policies;

public sealed class DivergencePolicyTests
{
    [Fact]
    public void OnMetric_NonFiniteLossWithoutConfiguredPolicy_GuardDecidesDivergedWithEvidence()
    {
        var sweep = new ScriptedSweep(1);
        sweep.AssignAll();

        var events = sweep.Metric(0, 3, 0.3, "loss", double.PositiveInfinity);

        var d = Assert.Single(events.OfType<DecisionMade>());
        Assert.Equal(("divergence", DecisionActions.Diverged, "non-finite loss (Infinity) at step 3"), (d.Policy, d.Action, d.Reason));
        Assert.Equal("""{"policy":"divergence","rule":"non_finite","metric":"loss","value":"Infinity","step":3,"fraction":0.3}""", d.EvidenceJson);
        Assert.Equal(new StopTrialCommand(0, sweep.Id(0), 1, d.Reason), Assert.Single(sweep.LastCommands).Command);
    }

    [Fact]
    public void OnMetric_LossAboveFactorTimesEarlyMean_DivergedOnlyWhenStrictlyAboveAndAfterTheEarlyValues()
    {
        var sweep = new ScriptedSweep(1, true, Policy("divergence", ("loss_factor", "4"), ("early_evaluations", "3")));
        sweep.AssignAll();

        // The early values themselves never trigger, however large; their mean is 0.75, the threshold 3.
        Assert.Empty(sweep.Metric(0, 10, 0.1, "loss", 1.0).OfType<DecisionMade>());
        Assert.Empty(sweep.Metric(0, 20, 0.2, "loss", 0.75).OfType<DecisionMade>());
        Assert.Empty(sweep.Metric(0, 30, 0.3, "loss", 0.5).OfType<DecisionMade>());
        Assert.Empty(sweep.Metric(0, 40, 0.4, "loss", 3.0).OfType<DecisionMade>());
        var d = Assert.Single(sweep.Metric(0, 50, 0.5, "loss", 3.25).OfType<DecisionMade>());

        Assert.Equal((DecisionActions.Diverged, "loss 3.25 at step 50 is above 4 × its early mean 0.75 (first 3 values)"), (d.Action, d.Reason));
        Assert.Equal(
            """{"policy":"divergence","rule":"loss_factor","metric":"loss","value":3.25,"step":50,"fraction":0.5,"early_mean":0.75,"early_evaluations":3,"loss_factor":4,"threshold":3}""",
            d.EvidenceJson);
        sweep.End(0, TrialOutcomeKind.Stopped, 50);
        Assert.Equal((TrialState.Diverged, d.Reason), (sweep.Trial(0).State, sweep.Trial(0).Message));
    }

    [Fact]
    public void OnMetric_AtOrBelowBaselinePlusEpsilonAfterFraction_Diverged()
    {
        var sweep = new ScriptedSweep(2, true, Policy("divergence"));
        sweep.AssignAll();
        sweep.Metric(0, 0, 0, "baseline_accuracy", 0.5);
        sweep.Metric(1, 0, 0, "baseline_accuracy", 0.5);

        Assert.Empty(sweep.Accuracy(0, 0.2, 0.505).OfType<DecisionMade>()); // before after_fraction 0.3
        Assert.Empty(sweep.Accuracy(1, 0.3, 0.52).OfType<DecisionMade>());  // above 0.5 + 0.01
        var d = Assert.Single(sweep.Accuracy(0, 0.3, 0.51).OfType<DecisionMade>());

        Assert.Equal(
            (DecisionActions.Diverged, "accuracy 0.51 at fraction 0.3 is at or below the majority-class baseline 0.5 + 0.01"),
            (d.Action, d.Reason));
        Assert.Equal(
            """{"policy":"divergence","rule":"baseline","metric":"accuracy","value":0.51,"step":30,"fraction":0.3,"baseline":0.5,"epsilon":0.01,"threshold":0.51}""",
            d.EvidenceJson);
    }

    [Fact]
    public void OnMetric_MinimizedMetricAtOrAboveBaselineMinusEpsilon_Diverged()
    {
        var sweep = new ScriptedSweep(1, false, Policy("divergence", ("baseline_epsilon", "0.25"), ("after_fraction", "0.5")));
        sweep.AssignAll();
        sweep.Metric(0, 0, 0, "baseline_accuracy", 2);

        Assert.Empty(sweep.Accuracy(0, 0.5, 1.5).OfType<DecisionMade>());
        var d = Assert.Single(sweep.Accuracy(0, 0.6, 1.75).OfType<DecisionMade>());
        Assert.Equal("accuracy 1.75 at fraction 0.6 is at or above the majority-class baseline 2 − 0.25", d.Reason);
    }

    [Fact]
    public void OnMetric_NoBaselineReported_BaselineRuleSkipped()
    {
        var sweep = new ScriptedSweep(1, true, Policy("divergence"));
        sweep.AssignAll();

        Assert.Empty(sweep.Accuracy(0, 0.5, 0.1).OfType<DecisionMade>());
        Assert.Null(sweep.Trial(0).PendingStop);
        Assert.Empty(sweep.LastCommands);
    }

    [Fact]
    public void OnMetric_GuardOnly_ExplodingLossAndBaselineAreNotJudged()
    {
        var sweep = new ScriptedSweep(1);
        sweep.AssignAll();
        sweep.Metric(0, 0, 0, "baseline_accuracy", 0.5);
        foreach (var (step, loss) in new[] { (10L, 1.0), (20L, 1.0), (30L, 1.0), (40L, 1000.0) })
        {
            sweep.Metric(0, step, step / 100.0, "loss", loss);
        }

        sweep.Accuracy(0, 0.5, 0.5);

        Assert.DoesNotContain(sweep.Log, e => e is DecisionMade);
    }

    [Fact]
    public void OnMetric_ConfiguredLossMetricNonFinite_Diverged()
    {
        var sweep = new ScriptedSweep(1, true, Policy("divergence", ("loss_metric", "ce")));
        sweep.AssignAll();

        var d = Assert.Single(sweep.Metric(0, 5, 0.05, "ce", double.NaN).OfType<DecisionMade>());

        Assert.Equal("non-finite ce (NaN) at step 5", d.Reason);
    }

    [Fact]
    public void OnEnded_CompletedBeforeDivergedStopArrived_EndsDivergedWithFinalMetric()
    {
        var sweep = new ScriptedSweep(1, true, Policy("divergence"));
        sweep.AssignAll();
        sweep.Metric(0, 0, 0, "baseline_accuracy", 0.5);
        sweep.Accuracy(0, 0.4, 0.5);

        sweep.End(0, TrialOutcomeKind.Completed, 100, final: 0.5);

        var t = sweep.Trial(0);
        Assert.Equal((TrialState.Diverged, 0.5, "accuracy 0.5 at fraction 0.4 is at or below the majority-class baseline 0.5 + 0.01"), (t.State, t.FinalMetric, t.Message));
    }

    [Fact]
    public void OnEnded_CompletedBeforeEarlyStopArrived_StaysCompleted()
    {
        var sweep = new ScriptedSweep(2, true, Policy("asha", ("fraction", "0.3"), ("keep", "1"), ("of", "2")));
        sweep.AssignAll();
        sweep.Accuracy(0, 0.3, 0.9);
        Assert.Equal(DecisionActions.Stop, sweep.Accuracy(1, 0.3, 0.8).OfType<DecisionMade>().Single().Action);

        sweep.End(1, TrialOutcomeKind.Completed, 100, final: 0.85);

        Assert.Equal((TrialState.Completed, 0.85), (sweep.Trial(1).State, sweep.Trial(1).FinalMetric));
    }

    [Fact]
    public void OnEnded_PauseCrossesPendingDivergedStop_EndsDivergedNotPaused()
    {
        var sweep = new ScriptedSweep(2, true, Policy("dodge_cohort", ("fraction", "0.25"), ("keep", "1")));
        sweep.AssignAll();
        sweep.Metric(0, 25, 0.25, "loss", double.NaN);

        sweep.Pause(0, 25);

        Assert.Equal(TrialState.Diverged, sweep.Trial(0).State);
        Assert.DoesNotContain(sweep.Log, e => e is TrialPaused);
    }
}
