using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;
using SweepCluster.TestKit.Conditions;

namespace SweepCluster.Coordinator.Tests.Journal;

// Keyset paging (ListTrialsPageAfterAsync and TrialRowPage.Next) over a sweep of 1,000 trials.
public abstract partial class JournalConformanceTests
{
    private const string PagedSweep = "big";

    [ConditionalFact]
    public async Task ListTrialsPageAfterAsync_ThousandTrials_VisitsEachExactlyOnceInExpansionOrder()
    {
        await using var store = await CreateStoreAsync();
        var expected = await QueueThousandTrialsAsync(store);

        // 64 does not divide 1,000: 15 full pages and one of 40.
        var (visited, pages) = await WalkAsync(store, new TrialFilter(), 64);

        Assert.Equal(expected, visited);
        Assert.Equal(Enumerable.Repeat(64, 15).Append(40), pages.Select(p => p.Items.Count));
        Assert.All(pages, p => Assert.Equal(1000, p.Total));
        Assert.Equal(pages.Take(15).Select(p => (string?)p.Items[^1].TrialId), pages.Take(15).Select(p => p.Next));
        Assert.Null(pages[^1].Next);
    }

    [ConditionalFact]
    public async Task ListTrialsPageAfterAsync_FilteredByStateAndSeed_VisitsEachMatchOnceInExpansionOrder()
    {
        await using var store = await CreateStoreAsync();
        var expected = await QueueThousandTrialsAsync(store);
        // Every 10th trial starts running: 900 stay queued.
        await store.AppendAsync(PagedSweep, [.. expected.Where((_, i) => i % 10 == 0).Select(id => new TrialStarted(id, 1))], T0);

        var (queued, queuedPages) = await WalkAsync(store, new TrialFilter(TrialState.Queued), 100);
        var (seed7, seed7Pages) = await WalkAsync(store, new TrialFilter(InitSeed: 7), 10);

        Assert.Equal(expected.Where((_, i) => i % 10 != 0), queued);
        Assert.Equal(9, queuedPages.Count); // 900 in pages of 100: the last page is full and says there is no next
        Assert.All(queuedPages, p => Assert.Equal(900, p.Total));
        Assert.Null(queuedPages[^1].Next);
        Assert.Equal(expected.Where(id => TrialKey.Parse(id).InitSeed == 7), seed7);
        Assert.Equal([10, 10, 5], seed7Pages.Select(p => p.Items.Count));
        Assert.All(seed7Pages, p => Assert.Equal(25, p.Total));
    }

    [ConditionalFact]
    public async Task ListTrialsPageAsync_FirstPageByOffset_NextContinuesWithAfter()
    {
        await using var store = await CreateStoreAsync();
        var expected = await QueueThousandTrialsAsync(store);

        var first = await store.ListTrialsPageAsync(PagedSweep, new TrialFilter(), 0, 100);
        var second = await store.ListTrialsPageAfterAsync(PagedSweep, new TrialFilter(), first.Next!, 100);
        var last = await store.ListTrialsPageAsync(PagedSweep, new TrialFilter(), 950, 100);
        var unknown = await store.ListTrialsPageAfterAsync(PagedSweep, new TrialFilter(), "big/c9-w9-d9", 100);
        var otherSweeps = await store.ListTrialsPageAfterAsync("other", new TrialFilter(), expected[0], 100);

        Assert.Equal(expected[99], first.Next);
        Assert.Equal(expected.Skip(100).Take(100), second.Items.Select(t => t.TrialId));
        Assert.Equal(expected[199], second.Next);
        Assert.Equal((50, (string?)null), (last.Items.Count, last.Next));
        Assert.Equal((1000, 0, (string?)null), (unknown.Total, unknown.Items.Count, unknown.Next));
        Assert.Equal((0, 0), (otherSweeps.Total, otherSweeps.Items.Count));
    }

    /// <summary>
    /// Queues 1,000 trials (init seeds 1..40 × order seeds 1..25) in an expansion order that is neither
    /// the id order nor the seed order; returns their ids in that order.
    /// </summary>
    private static async Task<List<string>> QueueThousandTrialsAsync(ISweepStore store)
    {
        var keys = Enumerable.Range(0, 1000).Select(i => new TrialKey(PagedSweep, 0, (i * 7 % 40) + 1, (i / 40) + 1)).ToList();
        await store.AppendAsync(PagedSweep, [new SweepSubmitted(PagedSweep, "big", "name: big\n", "/", keys.Count)], T0);
        await store.AppendAsync(PagedSweep, [.. keys.Select(k => new TrialQueued(k.TrialId, k.ConfigIndex, k.InitSeed, k.OrderSeed, 1, null, 0))], T0);
        return keys.Select(k => k.TrialId).ToList();
    }

    /// <summary>Pages through the trials matching <paramref name="filter"/>: the first page by offset 0, the rest after the previous page's cursor.</summary>
    private static async Task<(List<string> Visited, List<TrialRowPage> Pages)> WalkAsync(ISweepStore store, TrialFilter filter, int limit)
    {
        var pages = new List<TrialRowPage> { await store.ListTrialsPageAsync(PagedSweep, filter, 0, limit) };
        while (pages[^1].Next is { } after)
        {
            Assert.True(pages.Count < 2000, "the walk does not end");
            pages.Add(await store.ListTrialsPageAfterAsync(PagedSweep, filter, after, limit));
        }

        return (pages.SelectMany(p => p.Items.Select(t => t.TrialId)).ToList(), pages);
    }
}
