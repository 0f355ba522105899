using SweepCluster.Coordinator.Scheduling;

namespace SweepCluster.Coordinator.Tests.Scheduling;

public sealed class SchedulerStateTests
{
    [Fact]
    public void Dispatch_TwoSweepsFourSlots_AlternatesBetweenSweeps()
    {
        var s = new SchedulerState();
        s.NodeUp("a", 4);
        s.SetDemand("x", 10);
        s.SetDemand("y", 10);

        var grants = s.Dispatch();

        Assert.Equal(["x", "y", "x", "y"], grants.Select(g => g.SweepId));
        Assert.Equal([0, 1, 2, 3], grants.Select(g => g.Slot));
        Assert.Empty(s.Dispatch());
    }

    [Fact]
    public void Dispatch_TwoNodes_SpreadsToTheNodeWithMostFreeSlots()
    {
        var s = new SchedulerState();
        s.NodeUp("a", 2);
        s.NodeUp("b", 3);
        s.SetDemand("x", 3);

        var grants = s.Dispatch();

        Assert.Equal([("b", 0), ("a", 0), ("b", 1)], grants.Select(g => (g.NodeId, g.Slot)));
    }

    [Fact]
    public void Dispatch_DemandSmallerThanSlots_GrantsOnlyDemand()
    {
        var s = new SchedulerState();
        s.NodeUp("a", 8);
        s.SetDemand("x", 3);

        Assert.Equal(3, s.Dispatch().Count);
        Assert.Empty(s.Dispatch());
        Assert.Equal(5, s.FreeSlots);
    }

    [Fact]
    public void Resolve_UnusedGrant_FreesSlotAndUsedGrantHoldsItUntilRelease()
    {
        var s = new SchedulerState();
        s.NodeUp("a", 2);
        s.SetDemand("x", 2);
        var grants = s.Dispatch();

        s.Resolve(grants[0].GrantId, "x/t1");
        s.Resolve(grants[1].GrantId, null);
        s.SetDemand("x", 0);
        Assert.Equal(1, s.FreeSlots);
        Assert.Equal(0, s.PendingGrants);

        s.Release("x/t1");
        Assert.Equal(2, s.FreeSlots);
    }

    [Fact]
    public void NodeDown_WithOccupantsAndPendingGrants_ForgetsThemAndOtherNodesKeepWorking()
    {
        var s = new SchedulerState();
        s.NodeUp("a", 1);
        s.NodeUp("b", 1);
        s.SetDemand("x", 2);
        var grants = s.Dispatch();
        s.Resolve(grants[0].GrantId, "x/t1");

        s.NodeDown(grants[1].NodeId);
        s.NodeDown(grants[0].NodeId);

        Assert.Equal(0, s.PendingGrants);
        Assert.Equal(0, s.FreeSlots);
        s.NodeUp("c", 1);
        s.SetDemand("x", 1);
        Assert.Equal("c", Assert.Single(s.Dispatch()).NodeId);
    }

    [Fact]
    public void Occupy_RecoveredTrial_TakesItsSlot()
    {
        var s = new SchedulerState();
        s.NodeUp("a", 2);
        s.Occupy("x/t1", "a", 1);
        s.SetDemand("x", 5);

        var grant = Assert.Single(s.Dispatch());

        Assert.Equal(0, grant.Slot);
    }

    [Fact]
    public void ResetGrants_UnansweredGrantsOfARestartedSweep_FreesTheirSlots()
    {
        var s = new SchedulerState();
        s.NodeUp("a", 2);
        s.SetDemand("x", 2);
        s.SetDemand("y", 1);
        var grants = s.Dispatch();
        Assert.Equal(["x", "y"], grants.Select(g => g.SweepId));

        s.ResetGrants("x");

        Assert.Equal(1, s.FreeSlots);
        Assert.Equal(1, s.PendingGrants);
    }
}
