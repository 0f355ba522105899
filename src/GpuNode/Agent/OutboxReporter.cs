using SweepCluster.GpuNode.Runners;
using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Agent;

/// <summary>Turns a runner's reports into node events for one attempt.</summary>
internal sealed class OutboxReporter(EventOutbox outbox, string trialId, int attempt) : ITrialReporter
{
    public void Progress(long step, long totalSteps) => outbox.Progress(trialId, attempt, step, totalSteps);

    public void Metric(long step, double fraction, string name, double value) =>
        outbox.Add(seq => new TrialMetricEvent(seq, trialId, attempt, step, fraction, name, value));

    public void Checkpoint(long step, double fraction, string path) =>
        outbox.Add(seq => new TrialCheckpointedEvent(seq, trialId, attempt, step, fraction, path));
}
