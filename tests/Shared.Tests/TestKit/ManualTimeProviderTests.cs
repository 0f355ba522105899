using SweepCluster.TestKit;

namespace SweepCluster.Shared.Tests.TestKit;

public sealed class ManualTimeProviderTests
{
    private static readonly DateTimeOffset Start = ManualTimeProvider.DefaultStart;
    private readonly ManualTimeProvider _clock = new();
    private readonly List<DateTimeOffset> _fired = [];

    [Fact]
    public void GetUtcNow_Advance_MovesByExactlyDelta()
    {
        _clock.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(Start.AddMilliseconds(1500), _clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, _clock.GetUtcNow().Offset);
    }

    [Fact]
    public void Constructor_StartGiven_ConvertsToUtc()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.FromHours(2)));

        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, clock.GetUtcNow().Offset);
    }

    [Fact]
    public void GetElapsedTime_AfterAdvance_IsTheAdvance()
    {
        var before = _clock.GetTimestamp();

        _clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(3), _clock.GetElapsedTime(before));
    }

    [Fact]
    public void Advance_Negative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _clock.Advance(TimeSpan.FromTicks(-1)));

    [Fact]
    public void CreateTimer_OneShot_FiresOnceAtDueTime()
    {
        using var timer = CreateRecordingTimer(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        _clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        Assert.Empty(_fired);
        _clock.Advance(TimeSpan.FromTicks(1));
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([Start.AddSeconds(1)], _fired);
        Assert.Equal(0, _clock.ActiveTimerCount);
    }

    [Fact]
    public void CreateTimer_Periodic_FiresOncePerPeriodPassedWithinOneAdvance()
    {
        using var timer = CreateRecordingTimer(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));

        _clock.Advance(TimeSpan.FromSeconds(35));

        Assert.Equal([Start.AddSeconds(10), Start.AddSeconds(20), Start.AddSeconds(30)], _fired);
        Assert.Equal(Start.AddSeconds(35), _clock.GetUtcNow());
        Assert.Equal(1, _clock.ActiveTimerCount);
    }

    [Fact]
    public void Advance_SeveralTimers_FireInDueOrderThenCreationOrder()
    {
        var order = new List<string>();
        using var late = _clock.CreateTimer(_ => order.Add("late"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var early = _clock.CreateTimer(_ => order.Add("early"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var lateToo = _clock.CreateTimer(_ => order.Add("late too"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(["early", "late", "late too"], order);
    }

    [Fact]
    public void CreateTimer_ZeroDueTime_FiresOnNextAdvanceNotBefore()
    {
        using var timer = CreateRecordingTimer(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        Assert.Empty(_fired);

        _clock.Advance(TimeSpan.Zero);

        Assert.Equal([Start], _fired);
    }

    [Fact]
    public void CreateTimer_InfiniteDueTime_NeverFires()
    {
        using var timer = CreateRecordingTimer(Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromDays(1));

        Assert.Empty(_fired);
        Assert.Equal(0, _clock.ActiveTimerCount);
    }

    [Fact]
    public void Change_ArmedTimer_ReschedulesFromNow()
    {
        using var timer = CreateRecordingTimer(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        _clock.Advance(TimeSpan.FromSeconds(3));

        Assert.True(timer.Change(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)));
        _clock.Advance(TimeSpan.FromSeconds(7) + TimeSpan.FromMilliseconds(500));

        Assert.Equal([Start.AddSeconds(8), Start.AddSeconds(9), Start.AddSeconds(10)], _fired);
    }

    [Fact]
    public void Change_Infinite_Disarms()
    {
        using var timer = CreateRecordingTimer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Empty(_fired);
    }

    [Fact]
    public void Dispose_BeforeDue_NeverFiresAndChangeReturnsFalse()
    {
        var timer = CreateRecordingTimer(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        timer.Dispose();
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Empty(_fired);
        Assert.False(timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));
        Assert.Equal(0, _clock.ActiveTimerCount);
    }

    [Fact]
    public void Dispose_FromOwnCallback_StopsPeriodicTimer()
    {
        ITimer? timer = null;
        var calls = 0;
        timer = _clock.CreateTimer(_ => { calls++; timer!.Dispose(); }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, calls);
    }

    [Fact]
    public void Advance_TimerCreatedInCallback_FiresInSameAdvanceWhenDue()
    {
        var inner = new List<DateTimeOffset>();
        using var outer = _clock.CreateTimer(
            _ => _clock.CreateTimer(_ => inner.Add(_clock.GetUtcNow()), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan),
            null,
            TimeSpan.FromSeconds(1),
            Timeout.InfiniteTimeSpan);

        _clock.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal([Start.AddSeconds(3)], inner);
        Assert.Equal(Start.AddSeconds(4), _clock.GetUtcNow());
    }

    [Fact]
    public void CreateTimer_NegativeDueTime_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(
            () => _clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(-2), Timeout.InfiniteTimeSpan));

    [Fact]
    public async Task TaskDelay_OnManualClock_CompletesOnlyAfterAdvance()
    {
        var delay = Task.Delay(TimeSpan.FromMinutes(5), _clock);
        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.False(delay.IsCompleted);

        _clock.Advance(TimeSpan.FromTicks(1));

        await delay;
    }

    [Fact]
    public void CancellationTokenSource_OnManualClock_CancelsAfterAdvance()
    {
        using var source = new CancellationTokenSource(TimeSpan.FromSeconds(30), _clock);
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(source.IsCancellationRequested);

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(source.IsCancellationRequested);
    }

    private ITimer CreateRecordingTimer(TimeSpan dueTime, TimeSpan period) =>
        _clock.CreateTimer(_ => _fired.Add(_clock.GetUtcNow()), null, dueTime, period);
}
