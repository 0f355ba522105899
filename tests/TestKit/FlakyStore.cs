using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;

namespace SweepCluster.TestKit;

/// <summary>A store whose appends can be made to fail on demand, as a disk or database hiccup would.</summary>
public sealed class FlakyStore(ISweepStore inner) : ISweepStore
{
    private int _failures;

    /// <summary>Appends that failed on purpose so far.</summary>
    public int Injected { get; private set; }

    /// <summary>Runs before every <see cref="ListSweepStreamsAsync"/> (a coordinator's recovery starts with it): e.g. a gate that makes recovery slow.</summary>
    public Func<Task>? BeforeListSweepStreams { get; set; }

    /// <summary>Awaited before every append to a sweep stream (e.g. to hold a journal write back).</summary>
    public Func<Task>? BeforeSweepAppend { get; set; }

    /// <summary>The next <paramref name="count"/> appends to a sweep stream throw <see cref="IOException"/>.</summary>
    public void FailNextAppends(int count) => Interlocked.Exchange(ref _failures, count);

    /// <inheritdoc/>
    public async Task<long> AppendAsync(string streamId, IReadOnlyList<SweepEvent> events, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (streamId != Streams.Cluster && BeforeSweepAppend is { } before)
        {
            await before();
        }

        if (streamId != Streams.Cluster && Interlocked.Decrement(ref _failures) >= 0)
        {
            Injected++;
            throw new IOException("injected journal failure");
        }

        return await inner.AppendAsync(streamId, events, at, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredEvent>> ReadAsync(string streamId, long fromSequence, long toSequence, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(streamId, fromSequence, toSequence, cancellationToken);

    /// <inheritdoc/>
    public Task<long> HighestSequenceAsync(string streamId, CancellationToken cancellationToken = default) => inner.HighestSequenceAsync(streamId, cancellationToken);

    /// <inheritdoc/>
    public Task SaveSnapshotAsync(JournalSnapshot snapshot, CancellationToken cancellationToken = default) => inner.SaveSnapshotAsync(snapshot, cancellationToken);

    /// <inheritdoc/>
    public Task<JournalSnapshot?> LoadSnapshotAsync(string streamId, CancellationToken cancellationToken = default) => inner.LoadSnapshotAsync(streamId, cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListSweepStreamsAsync(CancellationToken cancellationToken = default)
    {
        if (BeforeListSweepStreams is { } before)
        {
            await before();
        }

        return await inner.ListSweepStreamsAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<SweepRow>> ListSweepsAsync(CancellationToken cancellationToken = default) => inner.ListSweepsAsync(cancellationToken);

    /// <inheritdoc/>
    public Task<SweepRow?> GetSweepAsync(string sweepId, CancellationToken cancellationToken = default) => inner.GetSweepAsync(sweepId, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<TrialRow>> ListTrialsAsync(string sweepId, TrialState? state = null, CancellationToken cancellationToken = default) =>
        inner.ListTrialsAsync(sweepId, state, cancellationToken);

    /// <inheritdoc/>
    public Task<TrialRow?> GetTrialAsync(string trialId, CancellationToken cancellationToken = default) => inner.GetTrialAsync(trialId, cancellationToken);

    /// <inheritdoc/>
    public Task<TrialRowPage> ListTrialsPageAsync(string sweepId, TrialFilter filter, int offset, int limit, CancellationToken cancellationToken = default) =>
        inner.ListTrialsPageAsync(sweepId, filter, offset, limit, cancellationToken);

    /// <inheritdoc/>
    public Task<TrialRowPage> ListTrialsPageAfterAsync(string sweepId, TrialFilter filter, string afterTrialId, int limit, CancellationToken cancellationToken = default) =>
        inner.ListTrialsPageAfterAsync(sweepId, filter, afterTrialId, limit, cancellationToken);

    /// <inheritdoc/>
    public Task<TrialChanges> ListTrialsChangedSinceAsync(string sweepId, long since, CancellationToken cancellationToken = default) =>
        inner.ListTrialsChangedSinceAsync(sweepId, since, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<MetricRow>> ListMetricsAsync(string trialId, CancellationToken cancellationToken = default) => inner.ListMetricsAsync(trialId, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<MetricRow>> ListSweepMetricsAsync(string sweepId, CancellationToken cancellationToken = default) => inner.ListSweepMetricsAsync(sweepId, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<DecisionRow>> ListDecisionsAsync(string trialId, CancellationToken cancellationToken = default) => inner.ListDecisionsAsync(trialId, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<NodeRow>> ListNodesAsync(CancellationToken cancellationToken = default) => inner.ListNodesAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
