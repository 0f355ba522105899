using SweepCluster.Cli.Rendering;

namespace SweepCluster.Cli.Tests.Rendering;

public sealed class ReportViewTests
{
    [Fact]
    public async Task WriteAsync_NothingCompleted_SaysSoInEverySectionThatNeedsCompletedTrials()
    {
        using var output = new StringWriter();

        await ReportView.WriteAsync(output, ReportSamples.NothingCompleted());

        var text = output.ToString().ReplaceLineEndings("\n");
        Assert.StartsWith(
            "Sweep s (s): running — partial report\n"
            + "  1 of 2 trials ended, training 75 % done, 70 steps spent\n"
            + "  Running 1  Failed 1\n"
            + "  ranking metric: accuracy (higher is better)\n"
            + "  no trial of 2 has completed yet; not included: 1 Running, 1 Failed\n",
            text);
        Assert.Contains("s/c0-w1-d1  1   1   Running  1        0.6000*   20\n", text);
        Assert.Contains("\nDivergence\n  no trial has ended training yet\n", text);
        Assert.Contains("\nBest trial\n  none yet (no completed trial)\n", text);
        Assert.DoesNotContain("EMP", text);
    }

    [Fact]
    public void Checkpoints_LargeCurve_EveryNToTenThenRoundNumbersNAndTheEnd()
    {
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 30, 50, 57, 75, 100, 114], ReportView.Checkpoints(114, 57));
        Assert.Equal([1, 2, 3, 4], ReportView.Checkpoints(4, 2));
    }
}
