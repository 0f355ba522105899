using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Coordinator.Http;

/// <summary>Builds <see cref="SweepSummary"/>: trials done (running ones count their fraction) and an ETA.</summary>
internal static class SweepSummaries
{
    public static SweepSummary Build(SweepRow row, SweepProgress? progress, DateTimeOffset now)
    {
        var counts = progress?.Counts ?? row.Counts;
        var done = counts.Where(c => c.Key.IsTerminal()).Sum(c => c.Value)
            + (progress?.Running.Sum(r => r.TotalSteps > 0 ? (double)r.Step / r.TotalSteps : r.Fraction) ?? 0);
        double? eta = null;
        var elapsed = (now - row.SubmittedAt).TotalSeconds;
        if (row.Status == "running" && done > 0 && elapsed > 0)
        {
            // Average rate since submission: rough after a restart, but honest and never negative.
            eta = Math.Max(0, elapsed * (row.TrialCount - done) / done);
        }

        return new SweepSummary(row, progress, done, eta);
    }
}
