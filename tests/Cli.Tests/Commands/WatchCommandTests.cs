using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.Cli.Rendering;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.GpuNode.Agent;
using SweepCluster.GpuNode.Runners;
using SweepCluster.Shared.Specs;
using SweepCluster.TestKit;

namespace SweepCluster.Cli.Tests.Commands;

/// <summary><c>sweep watch</c> and <c>sweep submit --watch</c> against a coordinator on loopback (real Kestrel) and a database.</summary>
public sealed class WatchCommandTests : IAsyncLifetime
{
    private const string ClientToken = "client-secret";
    private readonly string _directory = Directory.CreateTempSubdirectory("sweepcluster-cli-watch-").FullName;
    private ISweepStore _store = null!;
    private CoordinatorHost _host = null!;
    private CoordinatorServer _server = null!;
    private NodeAgent? _node;
    private string _tokenFile = null!;

    public async Task InitializeAsync()
    {
        _store = await SweepStores.OpenAsync("sqlite:" + Path.Combine(_directory, "sweep.db"), TimeProvider.System);
        _host = await CoordinatorHost.StartAsync(_store, new CoordinatorOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        var options = new ServerOptions { Urls = ["http://127.0.0.1:0"], ClusterToken = "cluster-secret", ClientToken = ClientToken };
        _server = await CoordinatorServer.StartAsync(_host, options, TimeProvider.System, NullLoggerFactory.Instance);
        _tokenFile = Path.Combine(_directory, "token");
        await File.WriteAllTextAsync(_tokenFile, ClientToken);
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        await _server.DisposeAsync();
        await _host.DisposeAsync();
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Watch_RemoteSweepRunning_FollowsItToTheEndThenPrintsTheRunSummary()
    {
        var gate = new GateRunner();
        StartNode(gate);
        var sweepId = await _host.SubmitAsync(TestSpecs.SimulatedYaml(name: "cli-watch", init: "[1, 2]", order: "[1, 2]"), _directory);
        using var output = new StringWriter();
        var synchronized = TextWriter.Synchronized(output);

        var watching = SweepCli.RunAsync(
            ["watch", sweepId, "--coordinator", _server.Urls[0], "--token-file", _tokenFile, "--interval", "0.05", "--quiet"], synchronized, TextWriter.Null);
        await Eventually.UntilAsync(
            () => Written(output, synchronized).Contains("Watching", StringComparison.Ordinal) || watching.IsCompleted,
            TimeSpan.FromSeconds(20),
            "the watch command to print its header",
            TimeSpan.FromMilliseconds(10));
        Assert.False(watching.IsCompleted); // the trials wait in the gate: the sweep cannot have ended
        gate.Open();
        var code = await watching.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(
            ["Watching cli-watch: running, 4 trials (Ctrl-C stops the watching, not the sweep)", .. await SummaryAsync(sweepId)],
            Lines(output));
    }

    [Fact]
    public async Task SubmitWatch_SweepRunsToTheEnd_PrintsTheIdThenTheSummary()
    {
        StartNode(new SimulatedRunner());
        var spec = Path.Combine(_directory, "spec.yaml");
        await File.WriteAllTextAsync(spec, TestSpecs.SimulatedYaml(name: "cli-submit-watch", init: "[1, 2, 3]", order: "[1]", stepDurationMs: 20));

        var (code, output, error) = await SimulatedSweepFixture.RunAsync(
            "submit", spec, "--coordinator", _server.Urls[0], "--token-file", _tokenFile, "--watch", "--quiet", "--interval", "0.05");

        Assert.Equal((ExitCodes.Ok, ""), (code, error));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("submitted cli-submit-watch", lines[0]);
        var summary = await SummaryAsync("cli-submit-watch");
        Assert.Equal(summary, lines[^summary.Count..]);
        Assert.StartsWith("Sweep cli-submit-watch: completed, 3 trials", summary[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_DatabaseWithAnEndedSweep_PrintsItsSummaryAtOnce()
    {
        StartNode(new SimulatedRunner());
        var sweepId = await _host.SubmitAsync(TestSpecs.SimulatedYaml(name: "cli-watch-db", init: "[1, 2]", order: "[1]"), _directory);
        await _host.WaitForSweepAsync(sweepId).WaitAsync(TimeSpan.FromSeconds(30));

        var (code, output, error) = await SimulatedSweepFixture.RunAsync("watch", "--db", Path.Combine(_directory, "sweep.db"));

        Assert.Equal((ExitCodes.Ok, ""), (code, error));
        Assert.Equal(await SummaryAsync(sweepId), Lines(output));
    }

    [Theory]
    [InlineData("remote", ExitCodes.StoreError, "sweep: no sweep 'nope'")]
    [InlineData("db", ExitCodes.StoreError, "sweep: no sweep 'nope' in this database")]
    [InlineData("interval", ExitCodes.BadInput, "sweep: --interval must be between 0 and 3600 seconds, got 0")]
    public async Task Watch_BadRequest_OneLineErrorAndExitCode(string kind, int expectedCode, string expectedError)
    {
        var db = Path.Combine(_directory, "sweep.db");
        string[] args = kind switch
        {
            "remote" => ["watch", "nope", "--coordinator", _server.Urls[0], "--token-file", _tokenFile],
            "db" => ["watch", "nope", "--db", db],
            _ => ["watch", "nope", "--db", db, "--interval", "0"],
        };

        var (code, output, error) = await SimulatedSweepFixture.RunAsync(args);

        Assert.Equal((expectedCode, "", expectedError), (code, output, error.Trim()));
    }

    private void StartNode(ITrialRunner runner)
    {
        var options = new NodeOptions { NodeId = "n1", Slots = 2, WorkDirectory = Path.Combine(_directory, "work") };
        _node = NodeAgent.Start(_host.Link, options, [runner], TimeProvider.System, NullLoggerFactory.Instance);
    }

    /// <summary>What <c>sweep run</c> prints at the end, computed from the store.</summary>
    private async Task<List<string>> SummaryAsync(string sweepId)
    {
        var sweep = (await _store.GetSweepAsync(sweepId))!;
        return [.. SummaryView.Lines(sweep, await _store.ListTrialsAsync(sweepId), SpecParser.Parse(sweep.SpecYaml).Metric).Select(l => l.Trim())];
    }

    /// <summary>What the command wrote so far (its writes lock the synchronized wrapper).</summary>
    private static string Written(StringWriter output, TextWriter synchronized)
    {
        lock (synchronized)
        {
            return output.ToString();
        }
    }

    private static string[] Lines(StringWriter output) => Lines(output.ToString());

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
