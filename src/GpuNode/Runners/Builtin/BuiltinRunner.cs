using System.Globalization;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Metrics;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuNode.Runners.Builtin;

/// <summary>
/// The <c>builtin</c> runner: fine-tunes with the managed engine (<see cref="FineTuner"/>) on this node's CPU.
/// </summary>
/// <remarks>
/// <para><b>Reports.</b> On a fresh start, <c>baseline_METRIC</c> once at step 0 (the validation set's
/// majority-class score, which the divergence policy compares with); at each of the N evaluations per epoch
/// <c>loss</c> (mean training loss since the previous evaluation) and the spec's metric; progress every step;
/// every checkpoint. On completion the fine-tuned model is saved in Hugging Face layout to
/// <c>TRIAL_DIR/model</c> and reported as a checkpoint at fraction 1.0; the result's metric is the validation
/// metric at the end of training. A non-finite loss reports <c>loss</c> = NaN and ends Diverged.</para>
/// <para><b>Checkpoints</b> (<c>TRIAL_DIR/checkpoints/checkpoint-NNNNNNNN</c>, the latest two kept) are written
/// when pausing — on request, or at the first evaluation reaching <c>PauseAtFraction</c> — and at every
/// evaluation when <c>runner.values.checkpoint_every_evaluation</c> is true. They are deleted once the
/// trial completes. Stop and pause requests take effect before the next optimizer step.</para>
/// <para><b>Resuming.</b> A <c>ResumeFrom</c> training checkpoint continues bit for bit. One that no longer
/// exists, or the final model folder, restarts the trial from step 0 — determinism makes the outcome the
/// same, only the time is spent again.</para>
/// <para>Prepared data is cached per (task, model) in the runner, so the trials of a sweep on one node read
/// and tokenize it once. Training runs on a dedicated thread, with <see cref="TrialContext.Threads"/> GEMM threads.</para>
/// </remarks>
public sealed class BuiltinRunner : ITrialRunner
{
    private const string CheckpointFolder = "checkpoints";
    private const string ModelFolderName = "model";
    private readonly PreparedTaskCache _cache = new();

    /// <inheritdoc/>
    public string Kind => "builtin";

    /// <summary>Preparations done by this runner's cache (equal tasks are prepared once).</summary>
    internal int Preparations => _cache.Preparations;

    /// <inheritdoc/>
    public Task<TrialResult> RunAsync(TrialContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Minutes of CPU-bound work: a dedicated thread, not a pool thread the actors' mailboxes need.
        return Task.Factory.StartNew(() => Run(context), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private TrialResult Run(TrialContext context)
    {
        var spec = context.Spec;
        var settings = BuiltinSettings.From(spec.Runner.Values);
        var metric = Metric.Parse(spec.Metric.Name);
        var key = new PreparedTaskKey(spec.Task, spec.Model, metric, spec.Model.Pretrained is null ? settings.VocabularySize : 0);
        var task = _cache.Get(key, TaskPreparation.Prepare);
        var (model, initialization, source) = BuiltinModel.Create(spec.Model, task, context.Training.Dropout, context.Threads);
        var options = BuiltinSettings.Options(context.Training, metric);
        var seeds = new TrainingSeeds(context.Key.InitSeed, context.Key.OrderSeed);
        var modelDirectory = Path.Combine(context.TrialDirectory, ModelFolderName);
        var resumeFrom = context.ResumeFrom is { } r && Directory.Exists(r) && !SamePath(r, modelDirectory) ? r : null;
        var tuner = resumeFrom is null
            ? FineTuner.StartFresh(model, task.Data, options, seeds, initialization)
            : FineTuner.Resume(model, task.Data, options, seeds, resumeFrom);
        TrialManifest.Write(context, task, model, initialization, source, options, tuner, resumeFrom);
        if (resumeFrom is null && task.Baseline is { } baseline)
        {
            context.Reporter.Metric(0, 0.0, "baseline_" + spec.Metric.Name, baseline);
        }

        var observer = new ReportingObserver(context.Reporter, spec.Metric.Name, context.PauseAtFraction, settings.CheckpointEveryEvaluation);
        var checkpoints = Path.Combine(context.TrialDirectory, CheckpointFolder);
        var result = tuner.Run(observer, checkpoints, context.StopRequested, context.PauseRequested);
        switch (result.Outcome)
        {
            case FineTuningOutcome.Completed:
                FineTunedModel.Save(modelDirectory, model, task.Vocabulary, task.LabelNames, spec.Model.Uncased, spec.Model.MaxLength);
                context.Reporter.Checkpoint(result.Steps, 1.0, modelDirectory);
                if (Directory.Exists(checkpoints))
                {
                    Directory.Delete(checkpoints, recursive: true);
                }

                return TrialResult.Completed(result.FinalMetric, result.Steps);
            case FineTuningOutcome.Paused:
                return TrialResult.Paused(result.Steps, result.Checkpoint!);
            case FineTuningOutcome.Stopped:
                return TrialResult.Stopped(result.Steps);
            default:
                var failed = result.Steps + 1;
                context.Reporter.Metric(failed, (double)failed / result.TotalSteps, ReportingObserver.LossName, double.NaN);
                return TrialResult.Diverged(result.Steps, result.Message ?? string.Create(CultureInfo.InvariantCulture, $"diverged at step {failed}"));
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
}
