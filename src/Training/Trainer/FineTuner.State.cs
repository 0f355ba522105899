using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Trainer;

/// <content>Capturing and restoring the state a checkpoint holds.</content>
public sealed partial class FineTuner
{
    private TrainerState CaptureState()
    {
        var (epoch, batch) = _plan.PositionAfter(Step);
        var rng = new Dictionary<string, ulong[]>(StringComparer.Ordinal)
        {
            [TrainingSeeds.DropoutStream] = _dropout.GetState(),
        };
        if (_initState.Length > 0)
        {
            rng[TrainingSeeds.InitStream] = _initState;
        }

        return new TrainerState(
            TrainerState.CurrentFormat, Step, TotalSteps, epoch, batch, batch * _plan.BatchSize, _evaluations,
            _intervalLossSum, _intervalSteps, _lastMetric, Seeds.InitSeed, Seeds.OrderSeed, Seeds.DropoutSeed, rng,
            _model.Threads, _fingerprint, _options.Canonical());
    }

    private void Restore(string folder)
    {
        var state = TrainingCheckpoint.ReadState(folder);
        if (!string.Equals(state.Fingerprint, _fingerprint, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"{folder} belongs to another run (different options, model, seeds or data); its settings were:\n{state.Hyperparameters}");
        }

        var (epoch, batch) = _plan.PositionAfter(state.OptimizerStep);
        if (state.TotalSteps != TotalSteps || state.Epoch != epoch || state.BatchInEpoch != batch || state.OptimizerStep > TotalSteps)
        {
            throw new InvalidDataException($"{folder}: position (step {state.OptimizerStep}, epoch {state.Epoch}, batch {state.BatchInEpoch}) does not fit this run.");
        }

        if (!state.RngStates.TryGetValue(TrainingSeeds.DropoutStream, out var dropout) || dropout is not { Length: 4 })
        {
            throw new InvalidDataException($"{folder}: no dropout generator state.");
        }

        TrainingCheckpoint.LoadWeights(folder, _model);
        TrainingCheckpoint.LoadOptimizer(folder, _optimizer, state.OptimizerStep);
        _model.ZeroGradients();
        _dropout = Rng.FromState(dropout);
        _initState = state.RngStates.TryGetValue(TrainingSeeds.InitStream, out var init) ? init : [];
        _evaluations = state.Evaluations;
        _intervalLossSum = state.IntervalLossSum;
        _intervalSteps = state.IntervalSteps;
        _lastMetric = state.LastMetric;
    }
}
