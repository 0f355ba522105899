using Microsoft.Extensions.Logging;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Journal;

namespace SweepCluster.Coordinator.Leadership;

/// <summary>
/// A coordinator that is one of several on a shared store: it waits as a standby, polling the
/// election every <see cref="LeadershipOptions.PollInterval"/>; when it wins, it starts a
/// <see cref="CoordinatorHost"/> (recovering every running sweep from the journal, like a restarted
/// coordinator) and renews its lease every <see cref="LeadershipOptions.RenewInterval"/>. When the
/// lease is lost (another holder took over, or no renewal succeeded within the lease) it stops the
/// host at once and becomes a standby again. <see cref="Role"/> tells the HTTP API which it is.
/// </summary>
public sealed partial class ElectedCoordinator : IAsyncDisposable
{
    private readonly ISweepStore _store;
    private readonly ILeaderElection _election;
    private readonly CoordinatorOptions _options;
    private readonly LeadershipOptions _leadership;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Action<string> _report;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    /// <param name="report">Receives one line per change of role ("leading (epoch 3)", "standby; the leader is …").</param>
    public ElectedCoordinator(
        ISweepStore store,
        ILeaderElection election,
        CoordinatorOptions options,
        LeadershipOptions leadership,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        Action<string>? report = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(leadership);
        options.Validate();
        leadership.Validate();
        _store = store;
        _election = election;
        _options = options;
        _leadership = leadership;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ElectedCoordinator>();
        _report = report ?? (_ => { });
        var retry = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(leadership.PollInterval.TotalSeconds)));
        Role = new CoordinatorRole(time, retry);
    }

    /// <summary>Leader or standby, asked by the HTTP API on every request.</summary>
    public CoordinatorRole Role { get; }

    /// <summary>Starts competing for the leadership; the first attempt is immediate.</summary>
    /// <param name="holder">How other coordinators name this one when it leads (its URL for nodes and clients).</param>
    public void Start(string holder)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);
        _loop = Task.Run(() => RunAsync(holder, _stop.Token));
    }

    /// <summary>Stops competing; a held lease is released (a standby takes over at its next poll) after the host stops.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(string holder, CancellationToken ct)
    {
        var lastReport = "";
        var lost = false;
        while (!ct.IsCancellationRequested)
        {
            var started = _time.GetTimestamp();
            ILeaderLease? lease = null;
            LeaderInfo? leader = null;
            try
            {
                lease = await _election.TryAcquireAsync(holder, _leadership.Lease, ct);
                leader = lease is null ? await _election.GetLeaderAsync(ct) : null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogElectionFailed(_logger, e);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (lease is not null)
            {
                // Leads until the lease is lost or the start failed; then one poll interval as a
                // standby before competing again (a start that keeps failing does not spin).
                lost = await LeadAsync(lease, started, ct);
                lastReport = "";
            }
            else
            {
                Role.StandBy(leader, lost);
                var line = leader is { Live: true } ? $"standby; the leader is {leader.Holder}" : "standby; no live leader";
                if (line != lastReport)
                {
                    lastReport = line;
                    LogStandby(_logger, line);
                    _report(line);
                }
            }

            try
            {
                await Task.Delay(_leadership.PollInterval, _time, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Leads until the lease is lost (true) or this coordinator stops (false).</summary>
    private async Task<bool> LeadAsync(ILeaderLease lease, long acquiredAt, CancellationToken ct)
    {
        Role.Extend(acquiredAt + Ticks(_leadership.Lease));
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewing = RenewAsync(lease, acquiredAt, leading);
        CoordinatorHost? host = null;
        try
        {
            LogLeading(_logger, lease.Epoch);
            host = await CoordinatorHost.StartAsync(_store, _options, _time, _loggerFactory, leading.Token);
            Role.Lead(host, lease.Epoch);
            _report($"leading (epoch {lease.Epoch})");
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, leading.Token);
        }
        catch (OperationCanceledException)
        {
            // Lost, or stopping.
        }
        catch (Exception e)
        {
            LogStartFailed(_logger, e);
        }
        finally
        {
            Role.StandBy(null, lost: !ct.IsCancellationRequested);
            await leading.CancelAsync();
            await renewing;
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            await lease.DisposeAsync();
        }

        var lost = !ct.IsCancellationRequested;
        if (lost)
        {
            LogLost(_logger, lease.Epoch);
            _report($"lost the leadership (epoch {lease.Epoch})");
        }

        return lost;
    }

    /// <summary>Renews until the lease is lost, then cancels <paramref name="leading"/>.</summary>
    private async Task RenewAsync(ILeaderLease lease, long acquiredAt, CancellationTokenSource leading)
    {
        var ticks = Ticks(_leadership.Lease);
        var validUntil = acquiredAt + ticks;
        try
        {
            while (true)
            {
                await Task.Delay(_leadership.RenewInterval, _time, leading.Token);
                var attempt = _time.GetTimestamp();
                bool? renewed = null;
                try
                {
                    renewed = await lease.RenewAsync(leading.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRenewFailed(_logger, e);
                }

                if (renewed == true)
                {
                    validUntil = attempt + ticks;
                    Role.Extend(validUntil);
                }
                else if (renewed == false || _time.GetTimestamp() >= validUntil)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await leading.CancelAsync();
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
