using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace SweepCluster.Benchmarks.Cluster;

/// <summary>
/// A logger factory that timestamps (on this process's <see cref="Stopwatch"/>) the registry's
/// <c>CommandQueued</c> and the node agents' <c>CommandReceived</c> debug events, keyed by (node,
/// command seq). Everything else below Warning is disabled, so Kestrel's own debug logging costs nothing.
/// </summary>
internal sealed class DispatchTimestamps : ILoggerFactory
{
    private readonly ConcurrentDictionary<(string Node, long Seq), (long At, bool Held, string Kind)> _queued = new();
    private readonly ConcurrentDictionary<(string Node, long Seq), long> _received = new();
    private int _warnings;

    public int Warnings => _warnings;

    /// <summary>Start commands delivered: latency in ms and whether a held poll was waiting when the command was queued.</summary>
    public IReadOnlyList<(double Ms, bool Held)> StartLatencies() =>
        [.. _queued.Where(q => q.Value.Kind == "StartTrialCommand" && _received.ContainsKey(q.Key))
            .Select(q => (Stopwatch.GetElapsedTime(q.Value.At, _received[q.Key]).TotalMilliseconds, q.Value.Held))];

    public ILogger CreateLogger(string categoryName) =>
        new Logger(this, categoryName.EndsWith("NodeRegistry", StringComparison.Ordinal) || categoryName.EndsWith("NodeAgent", StringComparison.Ordinal));

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private void Record<TState>(EventId eventId, TState state)
    {
        var now = Stopwatch.GetTimestamp();
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            return;
        }

        object? Field(string name) => fields.FirstOrDefault(f => f.Key == name).Value;
        var key = ((string)Field("NodeId")!, (long)Field("Seq")!);
        if (eventId.Name == "CommandQueued")
        {
            _queued[key] = (now, (bool)Field("Held")!, (string)Field("Kind")!);
        }
        else if (eventId.Name == "CommandReceived")
        {
            _received[key] = now;
        }
    }

    private sealed class Logger(DispatchTimestamps owner, bool dispatch) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning || (dispatch && logLevel == LogLevel.Debug);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                if (Interlocked.Increment(ref owner._warnings) <= 5)
                {
                    Console.WriteLine($"  [warning] {formatter(state, exception)}");
                }
            }
            else if (dispatch)
            {
                owner.Record(eventId, state);
            }
        }
    }
}
