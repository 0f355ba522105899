namespace SweepCluster.TestKit;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test calls <see cref="Advance"/>.
/// Timers (including those behind <c>Task.Delay(delay, provider)</c> and
/// <c>new CancellationTokenSource(delay, provider)</c>) fire synchronously inside
/// <see cref="Advance"/>, on the caller's thread, in due-time order, with <see cref="GetUtcNow"/>
/// reading each timer's due time while its callback runs.
/// </summary>
/// <remarks>
/// A timer due now (due time zero) fires on the next <see cref="Advance"/>, even
/// <c>Advance(TimeSpan.Zero)</c>, never inside <see cref="CreateTimer"/>. A periodic timer fires
/// once per period passed, so one long advance may fire it many times. An exception from a
/// callback propagates out of <see cref="Advance"/>. Meant to be advanced from one thread at a
/// time; reading the clock and creating or changing timers are thread-safe.
/// </remarks>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>The clock's start when none is given: 2024-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _nextSequence;

    /// <summary>Starts the clock at <see cref="DefaultStart"/>.</summary>
    public ManualTimeProvider()
        : this(DefaultStart)
    {
    }

    /// <summary>Starts the clock at <paramref name="start"/> (converted to UTC).</summary>
    public ManualTimeProvider(DateTimeOffset start) => _now = start.ToUniversalTime();

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>One timestamp tick is one <see cref="TimeSpan"/> tick (100 ns).</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timers that are armed: created or changed with a finite due time, not yet fired (one-shot) and not disposed.</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(timer => timer.Due is not null);
            }
        }
    }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>The current time in <see cref="TimeSpan"/> ticks, so elapsed-time helpers see the manual clock.</summary>
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>
    /// Moves the clock forward by <paramref name="delta"/>, firing every timer whose due time is
    /// reached on the way, in order (ties in creation order). Timers created or changed by a
    /// callback fire in the same call if they fall due before its end.
    /// </summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + delta;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = NextDue(target);
                if (next is null)
                {
                    _now = target > _now ? target : _now;
                    return;
                }

                var due = next.Due!.Value;
                _now = due > _now ? due : _now;
                next.Due = next.Period > TimeSpan.Zero ? due + next.Period : null;
            }

            next.Callback(next.State);
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            timer.Sequence = _nextSequence++;
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private ManualTimer? NextDue(DateTimeOffset target)
    {
        ManualTimer? next = null;
        foreach (var timer in _timers)
        {
            if (timer.Due is { } due && due <= target
                && (next is null || due < next.Due || (due == next.Due && timer.Sequence < next.Sequence)))
            {
                next = timer;
            }
        }

        return next;
    }

    private static void ValidatePeriod(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be non-negative or Timeout.InfiniteTimeSpan.");
        }
    }

    /// <summary>A timer on the manual clock; its state is guarded by the provider's lock.</summary>
    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public long Sequence { get; set; }

        /// <summary>Next time it fires; null when disarmed.</summary>
        public DateTimeOffset? Due { get; set; }

        /// <summary>Zero or infinite means one-shot.</summary>
        public TimeSpan Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            ValidatePeriod(dueTime, nameof(dueTime));
            ValidatePeriod(period, nameof(period));
            lock (owner._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                return true;
            }
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                _disposed = true;
                Due = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
