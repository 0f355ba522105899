using System.Globalization;
using Spectre.Console;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Cli.Rendering;

/// <summary>
/// Live progress of a sweep (an embedded run, or one watched in a database or on a coordinator): counts by state, the running trials with their step and latest
/// metric, elapsed time and ETA. A live table on a terminal; one plain line every few seconds when
/// the output is redirected (CI logs stay readable).
/// </summary>
internal sealed class ProgressView(TextWriter output, bool quiet)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);

    /// <summary>Follows the sweep until it is done (true) or the user interrupts (false).</summary>
    public Task<bool> FollowAsync(CoordinatorHost host, string sweepId, Task done, CancellationToken cancellationToken) =>
        FollowAsync(ct => host.GetProgressAsync(sweepId, ct), done, cancellationToken);

    /// <summary>
    /// Follows a sweep whose progress <paramref name="read"/> fetches (from the actor, a database or a
    /// coordinator) until <paramref name="done"/> completes (true) or the user interrupts (false).
    /// </summary>
    public async Task<bool> FollowAsync(Func<CancellationToken, Task<SweepProgress?>> read, Task done, CancellationToken cancellationToken)
    {
        var clock = new EtaClock(TimeProvider.System);
        if (await read(CancellationToken.None) is { } initial)
        {
            clock.Update(initial); // the ETA counts only work done while following
        }

        var interactive = !quiet && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (interactive)
        {
            var finished = false;
            await AnsiConsole.Live(new Markup("starting…")).AutoClear(false).StartAsync(async ctx =>
            {
                while (true)
                {
                    var progress = await read(CancellationToken.None);
                    if (progress is not null)
                    {
                        ctx.UpdateTarget(Render(progress, clock));
                    }

                    if (done.IsCompleted || cancellationToken.IsCancellationRequested)
                    {
                        finished = done.IsCompleted;
                        return;
                    }

                    await Task.WhenAny(done, Task.Delay(Refresh, cancellationToken));
                }
            });
            return finished;
        }

        while (true)
        {
            await Task.WhenAny(done, Task.Delay(quiet ? Timeout.InfiniteTimeSpan : PlainEvery, cancellationToken));
            if (done.IsCompleted)
            {
                return true;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            var progress = await read(CancellationToken.None);
            if (progress is not null)
            {
                await output.WriteLineAsync(PlainLine(progress, clock));
            }
        }
    }

    internal static string PlainLine(SweepProgress p, EtaClock clock)
    {
        var (elapsed, eta) = clock.Update(p);
        var counts = string.Join(", ", p.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}"));
        return string.Create(CultureInfo.InvariantCulture, $"[{Format(elapsed)}] {p.SweepId}: {counts} | ETA {(eta is { } e ? Format(e) : "--")}");
    }

    private static Rows Render(SweepProgress p, EtaClock clock)
    {
        var (elapsed, eta) = clock.Update(p);
        var header = new Markup(string.Create(CultureInfo.InvariantCulture,
            $"[bold]{Markup.Escape(p.SweepId)}[/]  {p.TrialCount} trials   elapsed {Format(elapsed)}   ETA {(eta is { } e ? Format(e) : "--")}"));
        var counts = new Table().Border(TableBorder.Rounded);
        foreach (var state in Enum.GetValues<TrialState>())
        {
            counts.AddColumn(new TableColumn(state.ToString()).RightAligned());
        }

        counts.AddRow([.. Enum.GetValues<TrialState>().Select(s => new Markup(p.Counts[s].ToString(CultureInfo.InvariantCulture)))]);

        var running = new Table().Border(TableBorder.Simple).AddColumns("trial", "WI", "DO", "att", "step", "metric");
        foreach (var r in p.Running.Take(16))
        {
            var step = r.TotalSteps > 0 ? $"{r.Step}/{r.TotalSteps}" : r.Step.ToString(CultureInfo.InvariantCulture);
            var metric = r.MetricName is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{r.MetricName} {r.MetricValue:F4}");
            running.AddRow(Markup.Escape(r.TrialId), r.InitSeed.ToString(CultureInfo.InvariantCulture), r.OrderSeed.ToString(CultureInfo.InvariantCulture),
                r.Attempt.ToString(CultureInfo.InvariantCulture), step, Markup.Escape(metric));
        }

        return new Rows(header, counts, running);
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1
        ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
