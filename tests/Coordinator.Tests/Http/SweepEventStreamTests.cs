using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Leadership;
using SweepCluster.Coordinator.Tests.Journal;
using SweepCluster.Coordinator.Tests.Journal.Sqlite;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit;

namespace SweepCluster.Coordinator.Tests.Http;

/// <summary>
/// <c>GET /sweeps/{id}/events</c> over a real Kestrel, polled on a manual clock so each poll is a
/// step of the test. The server is a standby (no coordinator runs in this process): the test
/// writes the journal itself, as a leader elsewhere would.
/// </summary>
public sealed class SweepEventStreamTests : IAsyncDisposable
{
    private const string SweepId = "feed";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly DateTimeOffset T0 = new(2025, 7, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Trials = [.. Enumerable.Range(1, 4).Select(i => new TrialKey(SweepId, 0, i, 1).TrialId)];

    private readonly SqliteTempFile _file = new();
    private readonly ManualTimeProvider _time = new(T0);
    private ISweepStore? _store;
    private CoordinatorServer? _server;
    private HttpClient? _client;

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _file.Dispose();
    }

    [Fact]
    public async Task Events_LaterPolls_SendOnlyTheTrialsChangedSinceThePreviousPoll()
    {
        var store = await StartAsync();
        await store.AppendAsync(SweepId, [new SweepSubmitted(SweepId, SweepId, "name: feed\n", "/", Trials.Length)], T0);
        await store.AppendAsync(SweepId, [.. Trials.Select(id => new TrialQueued(id, 0, TrialKey.Parse(id).InitSeed, 1, 1, null, 0))], T0);
        using var response = await _client!.GetAsync($"api/v1/sweeps/{SweepId}/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // First poll: every trial once, then the sweep.
        Assert.Equal([.. Trials.Select(id => $"{id}:Queued"), "sweep:running"], await ReadPollAsync(reader));

        // Two appends commit before the next poll: it sends the two trials they changed, then the sweep (updated at T0 + 2 s).
        await WaitForTheNextPollToBeDueAsync();
        await store.AppendAsync(SweepId, [new TrialAssigned(Trials[1], 1, "n1", 0), new TrialStarted(Trials[1], 1)], T0.AddSeconds(1));
        await store.AppendAsync(SweepId, [new MetricReported(Trials[3], 1, 5, 0.5, "loss", 0.25)], T0.AddSeconds(2));
        _time.Advance(Interval);
        var second = await ReadPollAsync(reader);
        Assert.Equal([$"{Trials[1]}:Running", $"{Trials[3]}:Queued", "sweep:running"], second);

        // A poll with nothing new sends nothing; the last one sends the finished trial and the sweep, and the stream ends.
        await WaitForTheNextPollToBeDueAsync();
        _time.Advance(Interval);
        await WaitForTheNextPollToBeDueAsync();
        await store.AppendAsync(SweepId, [new TrialFinished(Trials[1], 1, TrialState.Completed, 0.9, 10, null), new SweepCompleted()], T0.AddSeconds(3));
        _time.Advance(Interval);
        Assert.Equal([$"{Trials[1]}:Completed", "sweep:completed"], await ReadToEndAsync(reader));
    }

    private async Task<ISweepStore> StartAsync()
    {
        _store = await SqliteSweepStore.OpenAsync(_file.Path, new FixedTimeProvider(T0));
        var options = new ServerOptions
        {
            Urls = ["http://127.0.0.1:0"], ClusterToken = LoopbackServer.ClusterToken, ClientToken = LoopbackServer.ClientToken, EventPollInterval = Interval,
        };
        var standby = new CoordinatorRole(TimeProvider.System, TimeSpan.FromSeconds(1));
        _server = await CoordinatorServer.StartAsync(standby, _store, options, _time, NullLoggerFactory.Instance);
        _client = new HttpClient { BaseAddress = new Uri(_server.Urls[0]) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LoopbackServer.ClientToken);
        return _store;
    }

    /// <summary>Waits (real time) until the stream sleeps on the manual clock: the poll before has sent everything it will.</summary>
    private async Task WaitForTheNextPollToBeDueAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (_time.ActiveTimerCount != 1)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(2), TimeProvider.System, timeout.Token);
        }
    }

    /// <summary>The data lines of one poll, up to and including its sweep line, as "trial:state" or "sweep:status".</summary>
    private static async Task<List<string>> ReadPollAsync(StreamReader reader)
    {
        var lines = new List<string>();
        while (lines.Count == 0 || !lines[^1].StartsWith("sweep:", StringComparison.Ordinal))
        {
            lines.Add(await ReadDataLineAsync(reader) ?? throw new InvalidOperationException("the stream ended"));
        }

        return lines;
    }

    private static async Task<List<string>> ReadToEndAsync(StreamReader reader)
    {
        var lines = new List<string>();
        while (await ReadDataLineAsync(reader) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static async Task<string?> ReadDataLineAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var change = JsonSerializer.Deserialize(line["data: ".Length..], ApiJsonContext.Default.SweepChange)!;
                return change.Kind == "trial" ? $"{change.Trial!.TrialId}:{change.Trial.State}" : $"sweep:{change.Sweep!.Status}";
            }

            Assert.Equal("", line); // nothing but data lines and the blank lines that end them
        }

        return null;
    }
}
