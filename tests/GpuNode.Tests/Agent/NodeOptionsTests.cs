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
}
