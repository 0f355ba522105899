using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Cli.Tests.Commands;

/// <summary><c>sweep resume</c> against a coordinator on loopback (in this process, real Kestrel).</summary>
public sealed class ResumeCommandTests
{
    private const string ClientToken = "client-secret";

    [Fact]
    public async Task Resume_CancelledSweep_PrintsWhatWasRequeuedAndTheSweepRunsAgain()
    {
        using var dir = new TempFolder();
        await using var store = await SweepStores.OpenAsync("sqlite:" + Path.Combine(dir.Path, "sweep.db"), TimeProvider.System);
        await using var host = await CoordinatorHost.StartAsync(store, new CoordinatorOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        var options = new ServerOptions { Urls = ["http://127.0.0.1:0"], ClusterToken = "cluster-secret", ClientToken = ClientToken };
        await using var server = await CoordinatorServer.StartAsync(host, options, TimeProvider.System, NullLoggerFactory.Instance);
        var tokenFile = Path.Combine(dir.Path, "token");
        await File.WriteAllTextAsync(tokenFile, ClientToken);
        var sweepId = await host.SubmitAsync(TestSpecs.SimulatedYaml(name: "cli-resume", init: "[1, 2]", order: "[1]"), dir.Path);
        string[] resume = ["resume", sweepId, "--coordinator", server.Urls[0], "--token-file", tokenFile];

        var whileRunning = await SimulatedSweepFixture.RunAsync(resume);
        await host.CancelAsync(sweepId, "cancelled by user");
        var resumed = await SimulatedSweepFixture.RunAsync(resume);
        var unknown = await SimulatedSweepFixture.RunAsync(["resume", "nope", "--coordinator", server.Urls[0], "--token-file", tokenFile]);

        Assert.Equal((ExitCodes.BadInput, "", "sweep: sweep 'cli-resume' is running; only a cancelled sweep can be resumed"), Trimmed(whileRunning));
        Assert.Equal((ExitCodes.Ok, "resuming cli-resume: 2 cancelled trial(s) queued again", ""), Trimmed(resumed));
        Assert.Equal((ExitCodes.StoreError, "", "sweep: no sweep 'nope'"), Trimmed(unknown));
        Assert.Equal("running", (await store.GetSweepAsync(sweepId))!.Status);
        Assert.All(await store.ListTrialsAsync(sweepId), t => Assert.Equal((TrialState.Queued, 2), (t.State, t.Attempt)));
    }

    private static (int, string, string) Trimmed((int Code, string Output, string Error) r) => (r.Code, r.Output.Trim(), r.Error.Trim());

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("sweepcluster-cli-resume-").FullName;

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path, recursive: true);
        }
    }
}
