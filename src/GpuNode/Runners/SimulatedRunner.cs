using System.Globalization;
using System.Text.Json;
using SweepCluster.Shared.Specs;

namespace SweepCluster.GpuNode.Runners;

/// <summary>
/// A simulated runner: seeded synthetic learning curves, for orchestrator tests and load benchmarks.
/// It trains nothing. Every number is a pure function of (config index, weight-init seed, data-order
/// seed, step), so an attempt resumed from a checkpoint reports exactly what an uninterrupted one
/// would — which is what lets tests compare crashed and clean sweeps for equality.
/// </summary>
/// <remarks>
/// The final score is <c>0.85 + noise·(0.7·z_wi + 0.7·z_do)</c> (both seeds contribute comparably,
/// as Dodge et al. found); the curve rises as <c>1 − e^(−5f)</c> from the majority-class baseline 0.5,
/// reported once as <c>baseline_&lt;metric&gt;</c> at step 0 of a fresh start; a <c>diverge_share</c>
/// of seed pairs diverge — half of them (chosen by key) report a NaN loss a third of the way in, the
/// other half stay at the baseline score to the end; a <c>fail_share</c> throw. Steps are paced
/// against absolute deadlines so timer jitter does not accumulate.
/// </remarks>
public sealed class SimulatedRunner : ITrialRunner
{
    private static readonly SimulatedRunnerSpec Defaults = new(100, 10, 0, 0, 0, 0.02);

    /// <inheritdoc/>
    public string Kind => "simulated";

    /// <inheritdoc/>
    public async Task<TrialResult> RunAsync(TrialContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sim = context.Spec.Runner.Simulated ?? Defaults;
        var curve = new SimulatedCurve(context.Key.ConfigIndex, context.Key.InitSeed, context.Key.OrderSeed, sim);
        var metricName = context.Spec.Metric.Name;
        var total = Math.Max(1, sim.Steps);
        var evaluations = Math.Clamp(sim.Evaluations, 1, total);
        var step = context.ResumeFrom is null ? 0 : ReadCheckpoint(context.ResumeFrom);
        var started = context.Time.GetTimestamp();
        var firstStep = step;
        if (context.ResumeFrom is null)
        {
            // What always predicting the majority class scores: the divergence policy's baseline.
            context.Reporter.Metric(0, 0, "baseline_" + metricName, SimulatedCurve.Baseline);
        }

        while (step < total)
        {
            if (context.StopRequested.IsCancellationRequested)
            {
                return TrialResult.Stopped(step);
            }

            if (context.PauseRequested.IsCancellationRequested)
            {
                return TrialResult.Paused(step, WriteCheckpoint(context, step, total));
            }

            if (sim.StepDurationMs > 0)
            {
                var due = TimeSpan.FromMilliseconds(sim.StepDurationMs * (step - firstStep + 1));
                var wait = due - context.Time.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    try
                    {
                        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.StopRequested, context.PauseRequested);
                        await Task.Delay(wait, context.Time, either.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        continue; // the loop head decides between stop and pause
                    }
                }
            }

            step++;
            var fraction = (double)step / total;
            if (curve.Fails && step == curve.FailStep)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"simulated failure at step {step}"));
            }

            if (curve.Diverges && step >= curve.DivergeStep)
            {
                context.Reporter.Metric(step, fraction, "loss", double.NaN);
                return TrialResult.Diverged(step, string.Create(CultureInfo.InvariantCulture, $"non-finite loss at step {step}"));
            }

            context.Reporter.Progress(step, total);
            if (IsEvaluation(step, total, evaluations))
            {
                context.Reporter.Metric(step, fraction, "loss", curve.Loss(step, fraction));
                context.Reporter.Metric(step, fraction, metricName, curve.Score(step, fraction));
                if (step < total)
                {
                    WriteCheckpoint(context, step, total);
                    if (context.PauseAtFraction is { } pauseAt && fraction >= pauseAt)
                    {
                        return TrialResult.Paused(step, CheckpointPath(context, step));
                    }
                }
            }
        }

        return TrialResult.Completed(curve.Score(total, 1.0), total);
    }

    /// <summary>True when step <paramref name="step"/> ends one of <paramref name="evaluations"/> equal parts of training.</summary>
    internal static bool IsEvaluation(long step, long total, int evaluations) =>
        step * evaluations / total != (step - 1) * evaluations / total;

    private static string CheckpointPath(TrialContext context, long step) =>
        Path.Combine(context.TrialDirectory, string.Create(CultureInfo.InvariantCulture, $"sim-step{step:D8}.json"));

    private static string WriteCheckpoint(TrialContext context, long step, long total)
    {
        Directory.CreateDirectory(context.TrialDirectory);
        var path = CheckpointPath(context, step);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(new Dictionary<string, long> { ["step"] = step }));
        File.Move(tmp, path, overwrite: true);
        context.Reporter.Checkpoint(step, (double)step / total, path);
        return path;
    }

    private static long ReadCheckpoint(string path)
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"checkpoint {path} is empty");
        return values.TryGetValue("step", out var step) ? step : throw new InvalidDataException($"checkpoint {path} has no step");
    }
}
