using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Links;
using static SweepCluster.Coordinator.Tests.Policies.ScriptedSweep;

namespace SweepCluster.Coordinator.Tests.Policies;

public sealed class MedianPolicyTests
{
    private static ScriptedSweep Median(int trials, bool maximize = true, string minTrials = "3") =>
        new(trials, maximize, Policy("median", ("warmup_fraction", "0.25"), ("min_trials", minTrials)));

    [Fact]
    public void OnMetric_BestSoFarBelowMedianOfOthers_Stops()
    {
        var sweep = Median(4);
        sweep.AssignAll();
        sweep.Accuracy(0, 0.3, 0.7);
        sweep.Accuracy(1, 0.3, 0.8);
        sweep.Accuracy(2, 0.3, 0.9);

        var d = sweep.Accuracy(3, 0.3, 0.75).OfType<DecisionMade>().Single();

        Assert.Equal((DecisionActions.Stop, "best accuracy so far 0.75 at step 30 is below the median 0.8 of 3 other trials at that step"), (d.Action, d.Reason));
        Assert.Equal("""{"policy":"median","metric":"accuracy","value":0.75,"step":30,"fraction":0.3,"threshold":0.8,"n":3}""", d.EvidenceJson);
        Assert.IsType<StopTrialCommand>(Assert.Single(sweep.LastCommands).Command);
    }

    [Fact]
    public void OnMetric_FewerThanMinTrialsOthersAtThatStep_Waits()
    {
        var sweep = Median(4);
        sweep.AssignAll();
        sweep.Accuracy(0, 0.3, 0.9);
        sweep.Accuracy(1, 0.3, 0.9);
        sweep.Accuracy(2, 0.2, 0.9); // not at step 30 yet

        Assert.Empty(sweep.Accuracy(3, 0.3, 0.1).OfType<DecisionMade>());
    }

    [Fact]
    public void OnMetric_BeforeWarmup_NeverStops()
    {
        var sweep = Median(4, minTrials: "1");
        sweep.AssignAll();
        sweep.Accuracy(0, 0.2, 0.9);
        sweep.Accuracy(1, 0.2, 0.9);

        Assert.Empty(sweep.Accuracy(2, 0.2, 0.1).OfType<DecisionMade>());
    }

    [Fact]
    public void OnMetric_OthersWithoutAReportAtThatStep_UseTheirLatestValueAtOrBeforeIt()
    {
        var sweep = Median(4);
        sweep.AssignAll();

        // Trial 0 reported at steps 20 and 40 only: at step 30 its best is 0.6 (step 20), not 0.95.
        sweep.Accuracy(0, 0.2, 0.6);
        sweep.Accuracy(0, 0.4, 0.95);
        sweep.Accuracy(1, 0.3, 0.7);
        sweep.Accuracy(2, 0.3, 0.8);

        // Others at step 30: 0.6, 0.7, 0.8 → median 0.7; 0.69 is below it.
        var d = sweep.Accuracy(3, 0.3, 0.69).OfType<DecisionMade>().Single();
        Assert.Contains("\"threshold\":0.7", d.EvidenceJson);
    }

    [Fact]
    public void OnMetric_CurrentValueDipsButBestSoFarAboveMedian_Continues()
    {
        var sweep = Median(4);
        sweep.AssignAll();
        sweep.Accuracy(3, 0.25, 0.9);
        foreach (var i in new[] { 0, 1, 2 })
        {
            sweep.Accuracy(i, 0.3, 0.8);
        }

        Assert.Empty(sweep.Accuracy(3, 0.3, 0.5).OfType<DecisionMade>());
    }

    [Fact]
    public void OnMetric_MinimizedMetricEvenCount_StopsAboveMeanOfMiddleTwo()
    {
        var sweep = Median(5, maximize: false);
        sweep.AssignAll();
        foreach (var (i, v) in new[] { (0, 0.5), (1, 0.25), (2, 1.0), (3, 0.75) })
        {
            sweep.Accuracy(i, 0.5, v);
        }

        // Others: 0.25, 0.5, 0.75, 1.0 → median (0.5 + 0.75)/2 = 0.625; 0.625 itself is not worse.
        Assert.Empty(sweep.Accuracy(4, 0.5, 0.625).OfType<DecisionMade>());
        var d = sweep.Accuracy(4, 0.6, 0.7).OfType<DecisionMade>();
        Assert.Empty(d); // step 60: nobody else has reached it

        var sweep2 = Median(5, maximize: false);
        sweep2.AssignAll();
        foreach (var (i, v) in new[] { (0, 0.5), (1, 0.25), (2, 1.0), (3, 0.75) })
        {
            sweep2.Accuracy(i, 0.5, v);
        }

        var stop = sweep2.Accuracy(4, 0.5, 0.65).OfType<DecisionMade>().Single();
        Assert.Equal("best accuracy so far 0.65 at step 50 is above the median 0.625 of 4 other trials at that step", stop.Reason);
    }
}
