using System.Globalization;

namespace SweepCluster.TestKit;

/// <summary>
/// Bounded polling of observable state on real time: the sync point for facts that offer nothing to
/// await (a row in a store, a file on disk, a process gone), never a fixed sleep. Use it only where
/// the code under test runs on real time; on a <see cref="ManualTimeProvider"/> advance the clock
/// instead. A wait that runs out fails with a <see cref="TimeoutException"/> that says what was
/// awaited and for how long.
/// </summary>
public static class Eventually
{
    /// <summary>How often a condition is checked unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(2);

    /// <summary>Waits until <paramref name="condition"/> holds, checking it every <paramref name="interval"/> (default 2 ms).</summary>
    /// <param name="condition">Checked at once, then after each interval; an exception it throws ends the wait.</param>
    /// <param name="timeout">How long to keep checking before failing.</param>
    /// <param name="whatWeWaitFor">What the condition means, for the failure message ("2 trials running").</param>
    /// <param name="interval">The pause between checks.</param>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string whatWeWaitFor, TimeSpan? interval = null) =>
        ValueAsync<object>(async _ => await condition() ? true : null, timeout, whatWeWaitFor, interval);

    /// <summary>Waits until the synchronous <paramref name="condition"/> holds (see <see cref="UntilAsync(Func{Task{bool}}, TimeSpan, string, TimeSpan?)"/>).</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string whatWeWaitFor, TimeSpan? interval = null) =>
        ValueAsync<object>(_ => Task.FromResult<object?>(condition() ? true : null), timeout, whatWeWaitFor, interval);

    /// <summary>
    /// Waits until <paramref name="probe"/> returns a value and returns it. The probe is given a token
    /// that is cancelled when the time is up, so that I/O it does (an HTTP request) cannot outlast the wait.
    /// </summary>
    public static async Task<T> ValueAsync<T>(Func<CancellationToken, Task<T?>> probe, TimeSpan timeout, string whatWeWaitFor, TimeSpan? interval = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        using var deadline = new CancellationTokenSource(timeout, TimeProvider.System);
        var started = TimeProvider.System.GetTimestamp();
        var checks = 0;
        try
        {
            while (true)
            {
                checks++;
                if (await probe(deadline.Token) is { } value)
                {
                    return value;
                }

                if (TimeProvider.System.GetElapsedTime(started) >= timeout)
                {
                    break;
                }

                await Task.Delay(interval ?? DefaultInterval, TimeProvider.System, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The time ran out during a check or a pause: reported below like any other timeout.
        }

        throw new TimeoutException(string.Create(
            CultureInfo.InvariantCulture,
            $"Waited {timeout.TotalSeconds:0.###} s for {whatWeWaitFor}, in vain ({checks} {(checks == 1 ? "check" : "checks")})."));
    }
}
