using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Cli.Rendering;

/// <summary>
/// Elapsed time and ETA of a run. Progress counts finished trials plus the fraction done of running
/// ones; the ETA extrapolates the rate seen since this run started (a resumed run does not count the
/// work done before it).
/// </summary>
internal sealed class EtaClock(TimeProvider time)
{
    private readonly long _start = time.GetTimestamp();
    private double? _startDone;

    public (TimeSpan Elapsed, TimeSpan? Eta) Update(SweepProgress p)
    {
        var elapsed = time.GetElapsedTime(_start);
        var terminal = p.Counts.Where(c => c.Key.IsTerminal()).Sum(c => c.Value);
        var done = terminal + p.Running.Sum(r => r.TotalSteps > 0 ? (double)r.Step / r.TotalSteps : r.Fraction);
        _startDone ??= done;
        var gained = done - _startDone.Value;
        if (gained <= 0 || p.TrialCount == 0)
        {
            return (elapsed, null);
        }

        var remaining = p.TrialCount - done;
        return (elapsed, TimeSpan.FromSeconds(elapsed.TotalSeconds * remaining / gained));
    }
}
