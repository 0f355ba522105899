using SweepCluster.GpuNode.Agent;

namespace SweepCluster.GpuNode.Tests.Agent;

public sealed class NodeOptionsTests
{
    [Fact]
    public void GpuForSlot_MoreSlotsThanGpus_RoundRobin()
    {
        var options = new NodeOptions { Slots = 5, Gpus = ["0", "GPU-5c1f"] };

        Assert.Equal(["0", "GPU-5c1f", "0", "GPU-5c1f", "0"], Enumerable.Range(0, 5).Select(options.GpuForSlot));
        Assert.Null(new NodeOptions().GpuForSlot(0));
        Assert.Null(new NodeOptions { Gpus = [] }.GpuForSlot(3));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0,1")]
    [InlineData("a b")]
    [InlineData("$(id)")]
    public void Validate_BadGpuName_Throws(string gpu)
    {
        var options = new NodeOptions { NodeId = "n", Slots = 1, Gpus = [gpu] };

        Assert.Equal($"GPU name '{gpu}' must be 1-64 characters from A-Z a-z 0-9 '-' ':'", Assert.Throws<ArgumentException>(options.Validate).Message);
    }

    [Theory]
    [InlineData(1, 4, 1)]
    [InlineData(8, 4, 4)]
    [InlineData(3, 4, 3)]
    [InlineData(0, 4, 1)]
    public void ThreadsFor_RequestAgainstBudget_IsCappedAtTheSlotsShare(int requested, int budget, int expected)
    {
        Assert.Equal(expected, new NodeOptions { Slots = 2, ThreadsPerSlot = budget }.ThreadsFor(requested));
    }

    [Fact]
    public void SlotThreads_NoBudgetGiven_SharesTheCoresAmongTheSlots()
    {
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 3), new NodeOptions { Slots = 3 }.SlotThreads);
        Assert.Equal(1, new NodeOptions { Slots = Environment.ProcessorCount * 2 }.SlotThreads);
    }

    [Fact]
    public void Validate_ZeroThreadsPerSlot_Throws()
    {
        var options = new NodeOptions { NodeId = "n", Slots = 1, ThreadsPerSlot = 0 };

        Assert.Equal("Slots, MaxEventsPerSync and ThreadsPerSlot must be at least 1.", Assert.Throws<ArgumentException>(options.Validate).Message);
    }
}
