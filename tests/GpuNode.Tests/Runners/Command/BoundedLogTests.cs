using System.Text;
using SweepCluster.GpuNode.Runners.Command;

namespace SweepCluster.GpuNode.Tests.Runners.Command;

public sealed class BoundedLogTests : IDisposable
{
    private readonly CommandHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Write_PastTheLimit_KeepsTheTailWithinTheBound()
    {
        var path = Path.Combine(_harness.Directory, "out.log");
        var text = string.Concat(Enumerable.Range(0, 1000).Select(i => $"{i:D4}\n")); // 5000 bytes

        using (var log = new BoundedLog(path, 1000))
        {
            foreach (var chunk in text.Chunk(37))
            {
                log.Write(Encoding.ASCII.GetBytes(chunk));
            }
        }

        var kept = File.ReadAllText(path + ".1") + File.ReadAllText(path);
        Assert.Equal(text[^kept.Length..], kept);
        Assert.InRange(kept.Length, 500, 1000);
        Assert.EndsWith("0999\n", kept);
    }
}
