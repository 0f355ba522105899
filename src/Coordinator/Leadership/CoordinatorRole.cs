using System.Globalization;
using SweepCluster.Coordinator.Hosting;

namespace SweepCluster.Coordinator.Leadership;

/// <summary>
/// Whether this process leads, as the HTTP API asks it on every request. A leader's host is
/// handed out only while its lease is valid by this process's own monotonic clock (from the
/// moment the last successful renewal was sent, plus the lease): a leader that was frozen past its
/// lease stops answering nodes the moment it wakes up, before it even learns that another
/// coordinator took over. The store's fencing makes sure it cannot write either.
/// </summary>
public sealed class CoordinatorRole
{
    private readonly TimeProvider _time;
    private volatile State _state;
    private long _validUntil;

    internal CoordinatorRole(TimeProvider time, TimeSpan retryAfter)
    {
        _time = time;
        RetryAfter = retryAfter;
        _state = new State(null, 0, null, Lost: false);
    }

    /// <summary>How long a caller told "standby" should wait before asking again.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>The running coordinator when this process leads (and its lease is still valid); otherwise null.</summary>
    public CoordinatorHost? Current
    {
        get
        {
            var state = _state;
            return state.Host is not null && _time.GetTimestamp() < Interlocked.Read(ref _validUntil) ? state.Host : null;
        }
    }

    /// <summary>The running coordinator.</summary>
    /// <exception cref="StandbyException">This process does not lead.</exception>
    public CoordinatorHost Leader => Current ?? throw new StandbyException(Describe(), RetryAfter);

    /// <summary>A coordinator that is always the leader (SQLite, embedded, a single PostgreSQL coordinator in tests).</summary>
    public static CoordinatorRole Single(CoordinatorHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var role = new CoordinatorRole(TimeProvider.System, TimeSpan.Zero);
        role.Extend(long.MaxValue);
        role.Lead(host, 0);
        return role;
    }

    /// <summary>What a standby tells callers.</summary>
    public string Describe()
    {
        var state = _state;
        var inv = CultureInfo.InvariantCulture;
        if (state.Host is not null)
        {
            return string.Create(inv, $"this coordinator's lease (epoch {state.Epoch}) ran out; it is stepping down");
        }

        var prefix = state.Lost ? "this coordinator lost its leadership and is a standby" : "standby coordinator";
        return state.Leader switch
        {
            { Live: true } leader => string.Create(inv, $"{prefix}; the leader is {leader.Holder} (epoch {leader.Epoch})"),
            { } last => string.Create(inv, $"{prefix}; no coordinator leads right now (the last leader was {last.Holder}); a standby takes over within seconds"),
            null => $"{prefix}; no coordinator leads yet",
        };
    }

    /// <summary>The lease is valid until this timestamp (<see cref="TimeProvider.GetTimestamp"/> units).</summary>
    internal void Extend(long validUntil) => Interlocked.Exchange(ref _validUntil, validUntil);

    internal void Lead(CoordinatorHost host, long epoch) => _state = new State(host, epoch, null, Lost: false);

    internal void StandBy(LeaderInfo? leader, bool lost) => _state = new State(null, 0, leader, lost);

    private sealed record State(CoordinatorHost? Host, long Epoch, LeaderInfo? Leader, bool Lost);
}
