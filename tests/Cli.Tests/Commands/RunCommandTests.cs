using SweepCluster.Cli.Commands;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Cli.Tests.Commands;

public sealed class RunCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sweepcluster-tests", Guid.NewGuid().ToString("N"));

    public RunCommandTests() => Directory.CreateDirectory(_dir);

    private string Db => Path.Combine(_dir, "s.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteSpec(string yaml, string name = "spec.yaml")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> SweepAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SweepCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Run_SmallSweep_ExitsZeroWithSummaryAndRunningAgainResumesWithoutRerunning()
    {
        var spec = WriteSpec(TestSpecs.SimulatedYaml(name: "cli", init: "[1, 2]", order: "[1, 2]"));

        var first = await SweepAsync("run", spec, "--db", Db, "--slots", "2", "--quiet");
        var second = await SweepAsync("run", spec, "--db", Db, "--quiet");

        Assert.Equal((0, ""), (first.Code, first.Err));
        var lines = first.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Sweep cli: completed, 4 trials", lines[0]);
        Assert.Equal("  Completed 4", lines[1]);
        Assert.StartsWith("  best accuracy 0.", lines[2]);
        Assert.StartsWith("  accuracy over 4 completed trials: mean 0.", lines[3]);
        Assert.Equal(first, second);
        await using var store = await SqliteSweepStore.OpenAsync(Db, TimeProvider.System);
        var finished = (await store.ReadAsync("cli", 1, long.MaxValue)).Count(e => e.Event is TrialFinished);
        Assert.Equal(4, finished);
    }

    [Fact]
    public async Task StatusAndTrials_AfterARun_ListTheSweepAndItsTrials()
    {
        var spec = WriteSpec(TestSpecs.SimulatedYaml(name: "listing", init: "[1]", order: "[1, 2]"));
        Assert.Equal(0, (await SweepAsync("run", spec, "--db", Db, "--quiet")).Code);

        var status = await SweepAsync("status", "--db", Db);
        var trials = await SweepAsync("trials", "--db", Db, "--state", "completed");
        var none = await SweepAsync("trials", "--db", Db, "--state", "Diverged");

        Assert.Equal(0, status.Code);
        var statusLines = status.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("sweep    status     trials  Queued  Assigned  Running", statusLines[0]);
        Assert.Matches(@"^listing  completed  2\s+0\s+0\s+0\s+0\s+0\s+2\s+0\s+0\s+0\s+0$", statusLines[1]);
        var trialLines = trials.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, trialLines.Length);
        Assert.StartsWith("listing/c0-w1-d1  1   1   Completed  1", trialLines[1]);
        Assert.StartsWith("listing/c0-w1-d2  1   2   Completed  1", trialLines[2]);
        Assert.Single(none.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Run_SpecWithUnknownKey_ExitsTwoWithFileLineAndField()
    {
        var spec = WriteSpec(TestSpecs.SimulatedYaml(name: "bad") + "\nepochz: 3\n", "bad.yaml");

        var result = await SweepAsync("run", spec, "--db", Db);

        Assert.Equal(2, result.Code);
        Assert.Equal("", result.Out);
        Assert.Matches(@"^sweep: bad\.yaml:\d+: epochz: unknown key 'epochz'", result.Err);
        Assert.False(File.Exists(Db));
    }

    [Theory]
    [InlineData(new[] { "run", "missing.yaml" }, 2, "sweep: spec file not found: missing.yaml")]
    [InlineData(new[] { "status", "--db", "nowhere.db" }, 3, "sweep: no database at nowhere.db (run a sweep first, or pass --db)")]
    public async Task Errors_AreOneLineWithDocumentedExitCode(string[] args, int code, string message)
    {
        var result = await SweepAsync(args);

        Assert.Equal(code, result.Code);
        Assert.Equal([message], result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()));
    }

    [Fact]
    public async Task UnknownCommand_ExitsTwoNamingItWithoutStackTrace()
    {
        var result = await SweepAsync("frobnicate");

        Assert.Equal(2, result.Code);
        Assert.Contains("sweep: Unrecognized command or argument 'frobnicate'.", result.Err);
        Assert.All(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith(l.StartsWith("Run ", StringComparison.Ordinal) ? "Run 'sweep --help'" : "sweep: ", l));
    }

    [Fact]
    public async Task Trials_UnknownState_ExitsTwo()
    {
        var spec = WriteSpec(TestSpecs.SimulatedYaml(name: "states", init: "[1]", order: "[1]"));
        await SweepAsync("run", spec, "--db", Db, "--quiet");

        var result = await SweepAsync("trials", "--db", Db, "--state", "Bogus");

        Assert.Equal(2, result.Code);
        Assert.StartsWith("sweep: unknown state 'Bogus' (one of: Queued, Assigned, Running", result.Err);
    }

    [Fact]
    public async Task Run_InterruptedMidSweep_SavesStateExits130AndRerunFinishesWithUninterruptedResults()
    {
        var yaml = TestSpecs.SimulatedYaml(name: "ctrlc", init: "1..3", order: "1..3", steps: 20, evaluations: 4, stepDurationMs: 3);
        var spec = WriteSpec(yaml);
        var cleanDb = Path.Combine(_dir, "clean.db");
        Assert.Equal(0, (await SweepAsync("run", spec, "--db", cleanDb, "--quiet", "--slots", "2")).Code);

        using var ctrlC = new CancellationTokenSource();
        using var output = new StringWriter();
        var run = RunCommand.RunAsync(spec, Db, 2, quiet: true, output, ctrlC.Token);
        await Eventually.UntilAsync(() => CompletedAsync(Db, "ctrlc", atLeast: 2), TimeSpan.FromSeconds(30), "the run to complete 2 trials", TimeSpan.FromMilliseconds(5));
        await ctrlC.CancelAsync();
        var code = await run;

        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Contains("Run the same command again to resume.", output.ToString());
        await using (var store = await SqliteSweepStore.OpenAsync(Db, TimeProvider.System))
        {
            // The draining node gets no new trials: interrupted ones are requeued once, not bounced.
            Assert.All(await store.ListTrialsAsync("ctrlc"), t => Assert.InRange(t.Attempt, 1, 2));
        }

        Assert.Equal(0, (await SweepAsync("run", spec, "--db", Db, "--quiet", "--slots", "2")).Code);
        Assert.Equal(await FinalScoresAsync(cleanDb, "ctrlc"), await FinalScoresAsync(Db, "ctrlc"));
    }

    private static async Task<Dictionary<string, (TrialState, double?)>> FinalScoresAsync(string db, string sweepId)
    {
        await using var store = await SqliteSweepStore.OpenAsync(db, TimeProvider.System);
        return (await store.ListTrialsAsync(sweepId)).ToDictionary(t => t.TrialId, t => (t.State, t.FinalMetric));
    }

    private static async Task<bool> CompletedAsync(string db, string sweepId, int atLeast)
    {
        if (!File.Exists(db))
        {
            return false;
        }

        await using var store = await SqliteSweepStore.OpenAsync(db, TimeProvider.System);
        return await store.GetSweepAsync(sweepId) is { } sweep && sweep.Counts[TrialState.Completed] >= atLeast;
    }
}
