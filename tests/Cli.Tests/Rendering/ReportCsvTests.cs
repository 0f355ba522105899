
using SweepCluster.Coordinator.Reports;

namespace SweepCluster.Cli.Tests.Rendering;

public sealed class ReportCsvTests
{
    [Fact]
    public void Render_QuotesCellsWithCommasAndQuotes_LeavesMissingEvaluationsEmpty()
    {
        var csv = ReportCsv.Render(ReportSamples.NothingCompleted());

        Assert.Equal(
            "trial_id,config,wi_seed,do_seed,state,attempt,final_metric,compute_steps,decision,reason,eval@10,eval@20\r\n"
            + "s/c0-w1-d1,0,1,1,Running,1,,20,,,0.5,0.6\r\n"
            + "s/c0-w2-d1,0,2,1,Failed,2,,50,median:stop,\"runner said \"\"no\"\", then exited\",,\r\n",
            csv);
    }
}
