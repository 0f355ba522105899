using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Trials;
using static SweepCluster.Coordinator.Tests.Policies.ScriptedSweep;

namespace SweepCluster.Coordinator.Tests.Policies;

public sealed class AshaPolicyTests
{
    private static ScriptedSweep TopThird(int trials = 6) =>
        new(trials, true, Policy("asha", ("fraction", "0.3"), ("keep", "1"), ("of", "3")));

    private static string? Action(IEnumerable<SweepEvent> events) => events.OfType<DecisionMade>().SingleOrDefault()?.Action;

    [Fact]
    public void OnMetric_ArrivalsAtFraction_RankAmongThoseThatReachedItSoFar()
    {
        var sweep = TopThird();
        sweep.AssignAll();

        // n = 1: top ceil(1/3) = 1 → rank 1 continues; n = 2: top 1, rank 1 (0.8) continues.
        Assert.Equal(DecisionActions.Continue, Action(sweep.Accuracy(0, 0.3, 0.7)));
        Assert.Equal(DecisionActions.Continue, Action(sweep.Accuracy(1, 0.3, 0.8)));

        // n = 3: top 1; 0.75 ranks 2nd → stop, with a stop command.
        var stop = sweep.Accuracy(2, 0.3, 0.75).OfType<DecisionMade>().Single();
        Assert.Equal(DecisionActions.Stop, stop.Action);
        Assert.Equal("rank 2 of 3 by accuracy at fraction 0.3 (0.75) is outside the top 1 (ceil(3·1/3))", stop.Reason);
        Assert.Equal(
            """{"policy":"asha","metric":"accuracy","value":0.75,"fraction":0.3,"step":30,"rank":2,"n":3,"threshold":1,"keep":1,"of":3}""",
            stop.EvidenceJson);
        Assert.IsType<StopTrialCommand>(Assert.Single(sweep.LastCommands).Command);

        // n = 4: top ceil(4/3) = 2; 0.8 ties trial 1 and ranks after it (expansion order) → rank 2, continues.
        var tie = sweep.Accuracy(3, 0.3, 0.8).OfType<DecisionMade>().Single();
        Assert.Equal((DecisionActions.Continue, "rank 2 of 4 by accuracy at fraction 0.3 (0.8) is within the top 2 (ceil(4·1/3)): continue"), (tie.Action, tie.Reason));

        // n = 5: top 2; 0.6 ranks 5th → stop.
        Assert.Equal(DecisionActions.Stop, Action(sweep.Accuracy(4, 0.3, 0.6)));
        sweep.End(4, TrialOutcomeKind.Stopped, 30);
        Assert.Equal(TrialState.EarlyStopped, sweep.Trial(4).State);
    }

    [Fact]
    public void OnMetric_BeforeFractionAndAfterDecision_NoFurtherDecisions()
    {
        var sweep = TopThird(2);
        sweep.AssignAll();

        Assert.Null(Action(sweep.Accuracy(0, 0.2, 0.1)));
        Assert.Equal(DecisionActions.Continue, Action(sweep.Accuracy(0, 0.4, 0.7)));
        Assert.Null(Action(sweep.Accuracy(0, 0.6, 0.1)));

        // Trial 1 reaches f later with a worse value than trial 0's first value at f (0.7, not 0.1).
        var d = sweep.Accuracy(1, 0.3, 0.65).OfType<DecisionMade>().Single();
        Assert.Equal((DecisionActions.Stop, 2, 2), (d.Action, Rank(d), N(d)));
    }

    [Fact]
    public void OnMetric_TrialFailedBeforeFraction_NotCountedInN()
    {
        var sweep = TopThird(3);
        sweep.AssignAll();
        sweep.Accuracy(0, 0.2, 0.99);
        sweep.End(0, TrialOutcomeKind.Failed, 20);

        sweep.Accuracy(1, 0.3, 0.7);
        var d = sweep.Accuracy(2, 0.3, 0.8).OfType<DecisionMade>().Single();

        Assert.Equal((DecisionActions.Continue, 1, 2), (d.Action, Rank(d), N(d)));
    }

    [Fact]
    public void OnMetric_NaNAtFraction_RanksLastAndStops()
    {
        var sweep = TopThird(4);
        sweep.AssignAll();
        sweep.Accuracy(0, 0.3, 0.5);
        sweep.Accuracy(1, 0.3, 0.4);
        sweep.Accuracy(2, 0.3, 0.3);

        var d = sweep.Accuracy(3, 0.3, double.NaN).OfType<DecisionMade>().Single();

        Assert.Equal((DecisionActions.Stop, 4, 4), (d.Action, Rank(d), N(d)));
        Assert.Contains("\"value\":\"NaN\"", d.EvidenceJson);
    }

    private static int Rank(DecisionMade d) => System.Text.Json.JsonDocument.Parse(d.EvidenceJson).RootElement.GetProperty("rank").GetInt32();

    private static int N(DecisionMade d) => System.Text.Json.JsonDocument.Parse(d.EvidenceJson).RootElement.GetProperty("n").GetInt32();
}
