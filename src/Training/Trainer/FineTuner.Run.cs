using System.Globalization;
using SweepCluster.Training.Optim;
using SweepCluster.Training.Text;

namespace SweepCluster.Training.Trainer;

/// <content>The training loop.</content>
public sealed partial class FineTuner
{
    /// <summary>
    /// Trains until the end, a pause or a stop. The tokens are checked before every optimizer step, so a
    /// request takes effect within one step: <paramref name="stop"/> returns <see cref="FineTuningOutcome.Stopped"/>
    /// (nothing written); <paramref name="pause"/> writes a checkpoint under <paramref name="checkpointRoot"/>
    /// and returns <see cref="FineTuningOutcome.Paused"/>. A non-finite loss or gradient norm returns
    /// <see cref="FineTuningOutcome.Diverged"/> before the update is applied.
    /// </summary>
    /// <param name="observer">Receives steps, evaluations and checkpoints; decides on checkpoints at evaluations.</param>
    /// <param name="checkpointRoot">Folder for <c>checkpoint-NNNNNNNN</c> subfolders (created when needed).</param>
    /// <param name="stop">Stop before the next step.</param>
    /// <param name="pause">Checkpoint and return before the next step.</param>
    public FineTuningResult Run(ITrainingObserver observer, string checkpointRoot, CancellationToken stop = default, CancellationToken pause = default)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(checkpointRoot);
        while (Step < TotalSteps)
        {
            if (stop.IsCancellationRequested)
            {
                return new FineTuningResult(FineTuningOutcome.Stopped, Step, TotalSteps, null, null, null);
            }

            if (pause.IsCancellationRequested)
            {
                return Paused(observer, checkpointRoot);
            }

            var (epoch, _) = _plan.PositionAfter(Step);
            var diverged = TrainStep(out var loss, out var norm, out var learningRate);
            if (diverged is not null)
            {
                return new FineTuningResult(FineTuningOutcome.Diverged, Step, TotalSteps, null, null, diverged);
            }

            _intervalLossSum += loss;
            _intervalSteps++;
            observer.OnStep(new StepReport(Step, TotalSteps, epoch, loss, learningRate, norm));
            if (!_plan.IsEvaluationStep(Step))
            {
                continue;
            }

            var value = Evaluate(_options.Metric);
            _evaluations++;
            _lastMetric = value;
            var meanLoss = _intervalSteps == 0 ? double.NaN : _intervalLossSum / _intervalSteps;
            var report = new EvaluationReport(Step, TotalSteps, epoch, _evaluations, _options.Metric, value, meanLoss, _intervalSteps);
            _intervalLossSum = 0;
            _intervalSteps = 0;
            var action = observer.OnEvaluation(report);
            if (action == EvaluationAction.Pause && Step < TotalSteps)
            {
                return Paused(observer, checkpointRoot);
            }

            if (action == EvaluationAction.Checkpoint && Step < TotalSteps)
            {
                WriteCheckpoint(observer, checkpointRoot);
            }
        }

        return new FineTuningResult(FineTuningOutcome.Completed, Step, TotalSteps, _lastMetric, null, null);
    }

    /// <summary>
    /// Writes a training checkpoint of the current state under <paramref name="checkpointRoot"/> (older ones
    /// beyond <see cref="FineTuningOptions.KeepCheckpoints"/> are deleted) and returns its folder.
    /// </summary>
    public string SaveCheckpoint(string checkpointRoot)
    {
        ArgumentNullException.ThrowIfNull(checkpointRoot);
        var path = TrainingCheckpoint.Write(checkpointRoot, _model, _optimizer, CaptureState());
        TrainingCheckpoint.Prune(checkpointRoot, Step, _options.KeepCheckpoints);
        return path;
    }

    private FineTuningResult Paused(ITrainingObserver observer, string checkpointRoot)
    {
        var path = WriteCheckpoint(observer, checkpointRoot);
        return new FineTuningResult(FineTuningOutcome.Paused, Step, TotalSteps, null, path, null);
    }

    private string WriteCheckpoint(ITrainingObserver observer, string checkpointRoot)
    {
        var path = SaveCheckpoint(checkpointRoot);
        observer.OnCheckpoint(new CheckpointReport(Step, TotalSteps, path));
        return path;
    }

    /// <summary>One optimizer step; returns null, or why it diverged (then nothing was updated).</summary>
    internal string? TrainStep(out double loss, out double norm, out double learningRate)
    {
        var (epoch, batchIndex) = _plan.PositionAfter(Step);
        var rows = _order.Batch(epoch, batchIndex, _plan.BatchSize).ToArray();
        BatchVisited?.Invoke(epoch, rows);
        loss = 0;
        norm = double.NaN;
        learningRate = double.NaN;
        foreach (var (start, length) in _plan.MicroBatchesOf(rows.Length))
        {
            var micro = rows.AsSpan(start, length);
            var packed = EncodedBatch.Pack(_data.Train, micro, trimToLongest: true);
            var batch = new Model.EncodedBatch(packed.BatchSize, packed.SequenceLength, packed.InputIds, packed.TokenTypeIds, packed.AttentionMask);
            var share = (float)length / rows.Length;
            float microLoss;
            if (_data.IsRegression)
            {
                var targets = new float[length];
                for (var i = 0; i < length; i++)
                {
                    targets[i] = _data.TrainTargets![micro[i]];
                }

                microLoss = _model.ForwardBackwardRegression(batch, targets, _dropout, share);
            }
            else
            {
                var labels = new int[length];
                for (var i = 0; i < length; i++)
                {
                    labels[i] = _data.TrainLabels![micro[i]];
                }

                microLoss = _model.ForwardBackward(batch, labels, _dropout, share);
            }

            if (!float.IsFinite(microLoss))
            {
                _model.ZeroGradients();
                return string.Create(CultureInfo.InvariantCulture, $"non-finite loss ({microLoss}) at step {Step + 1} of {TotalSteps}");
            }

            loss += (double)microLoss * share;
        }

        if (_options.MaxGradNorm > 0)
        {
            norm = GradientClipping.ClipGradNorm(_model.Parameters, _options.MaxGradNorm);
            if (!double.IsFinite(norm))
            {
                _model.ZeroGradients();
                return string.Create(CultureInfo.InvariantCulture, $"non-finite gradient norm ({norm}) at step {Step + 1} of {TotalSteps}");
            }
        }

        learningRate = _optimizer.Update(_schedule);
        _model.ZeroGradients();
        return null;
    }
}
