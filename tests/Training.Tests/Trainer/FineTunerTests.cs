using System.Runtime.InteropServices;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Model;
using SweepCluster.Training.Tests.TestSupport;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Trainer;

public sealed class FineTunerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static byte[] WeightBytes(BertClassifier model) =>
        [.. model.Parameters.SelectMany(p => MemoryMarshal.AsBytes(p.Data.AsSpan()).ToArray())];

    private static (FineTuningResult Result, RecordingObserver Observer, byte[] Weights) RunWhole(
        FineTuningOptions options, TrainingSeeds seeds, string checkpoints, double dropout = 0.1)
    {
        var model = TinyTask.Model(dropout);
        var tuner = FineTuner.StartFresh(model, TinyTask.Data, options, seeds, WeightInitialization.All);
        var observer = new RecordingObserver();
        var result = tuner.Run(observer, checkpoints);
        return (result, observer, WeightBytes(model));
    }

    [Fact]
    public void Run_SameSeedsTwice_IdenticalLossesMetricsAndWeights()
    {
        var seeds = new TrainingSeeds(3, 5);
        var first = RunWhole(TinyTask.Options(), seeds, _dir.PathOf("a"));
        var second = RunWhole(TinyTask.Options(), seeds, _dir.PathOf("b"));

        Assert.Equal(FineTuningOutcome.Completed, first.Result.Outcome);
        Assert.Equal(20, first.Result.Steps);
        Assert.Equal(first.Observer.Steps, second.Observer.Steps);
        Assert.Equal(first.Observer.Evaluations, second.Observer.Evaluations);
        Assert.Equal(first.Result, second.Result);
        Assert.Equal(first.Weights, second.Weights);
        Assert.Equal(first.Observer.Evaluations[^1].Value, first.Result.FinalMetric);
    }

    [Fact]
    public void Run_DifferentSeeds_DifferentLosses()
    {
        var a = RunWhole(TinyTask.Options(), new TrainingSeeds(3, 5), _dir.PathOf("a"));
        var b = RunWhole(TinyTask.Options(), new TrainingSeeds(4, 5), _dir.PathOf("b"));

        Assert.NotEqual(a.Observer.Steps.Select(s => s.Loss), b.Observer.Steps.Select(s => s.Loss));
    }

    [Fact]
    public void Run_EvaluationsPerEpoch_AtEqualStepSharesLastAtEpochEnd()
    {
        var run = RunWhole(TinyTask.Options(), new TrainingSeeds(1, 1), _dir.PathOf("a"));

        // 10 steps per epoch, 4 evaluations: floor(s·4/10) increases at s = 3, 5, 8, 10.
        Assert.Equal([3, 5, 8, 10, 13, 15, 18, 20], run.Observer.Evaluations.Select(e => e.Step));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], run.Observer.Evaluations.Select(e => e.Evaluation));
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1], run.Observer.Evaluations.Select(e => e.Epoch));
        Assert.Equal([3, 2, 3, 2, 3, 2, 3, 2], run.Observer.Evaluations.Select(e => e.IntervalSteps));
        var losses = run.Observer.Steps.Select(s => s.Loss).ToList();
        Assert.Equal((losses[5] + losses[6] + losses[7]) / 3, run.Observer.Evaluations[2].TrainingLoss);
        Assert.Equal(0.75, run.Observer.Evaluations[5].Fraction);
        Assert.True(run.Observer.Evaluations[^1].IsFinal);
    }

    [Fact]
    public void Run_Schedule_FirstUpdateHasZeroRateThenWarmsUpAndDecays()
    {
        var run = RunWhole(TinyTask.Options(), new TrainingSeeds(1, 1), _dir.PathOf("a"));

        // 20 steps, warm-up ceil(0.1·20) = 2: update k uses 1e-3 · multiplier(k) (Hugging Face's indexing).
        var rates = run.Observer.Steps.Select(s => s.LearningRate).ToList();
        Assert.Equal(0.0, rates[0]);
        Assert.Equal(1e-3 * 0.5, rates[1]);
        Assert.Equal(1e-3 * (18.0 / 18), rates[2]);
        Assert.Equal(1e-3 * (1.0 / 18), rates[19]);
    }

    [Theory]
    [InlineData(1, 1)] // right after the first (zero learning rate) update
    [InlineData(7, 1)] // mid-epoch, in the middle of an evaluation interval (loss accumulator holds 2 steps)
    [InlineData(10, 1)] // at the epoch boundary, just after an evaluation
    [InlineData(12, 2)] // gradient accumulation over 2 micro-batches, second epoch, mid-interval
    [InlineData(19, 2)] // one step before the end
    public void Resume_AfterPauseRequest_BitwiseEqualToUninterruptedRun(int pauseAfter, int accumulation)
    {
        var options = TinyTask.Options() with { GradientAccumulation = accumulation };
        var seeds = new TrainingSeeds(7, 2);
        var whole = RunWhole(options, seeds, _dir.PathOf("whole"));

        using var pause = new CancellationTokenSource();
        var before = new RecordingObserver(pause, pauseAfter);
        var first = FineTuner.StartFresh(TinyTask.Model(), TinyTask.Data, options, seeds, WeightInitialization.All);
        var paused = first.Run(before, _dir.PathOf("parts"), pause: pause.Token);

        var resumedModel = TinyTask.Model();
        var second = FineTuner.Resume(resumedModel, TinyTask.Data, options, seeds, paused.Checkpoint!);
        var resumedAt = second.Step;
        var after = new RecordingObserver();
        var resumed = second.Run(after, _dir.PathOf("parts"));

        Assert.Equal((FineTuningOutcome.Paused, pauseAfter), (paused.Outcome, paused.Steps));
        Assert.Equal(Path.Combine(_dir.PathOf("parts"), $"checkpoint-{pauseAfter:D8}"), paused.Checkpoint);
        Assert.Equal([pauseAfter], before.Checkpoints.Select(c => c.Step));
        Assert.Equal(pauseAfter, resumedAt);
        Assert.Equal(whole.Observer.Steps, before.Steps.Concat(after.Steps));
        Assert.Equal(whole.Observer.Evaluations, before.Evaluations.Concat(after.Evaluations));
        Assert.Equal(whole.Result, resumed);
        Assert.Equal(whole.Weights, WeightBytes(resumedModel));
    }

    [Fact]
    public void Resume_PausedTwiceAtEvaluations_BitwiseEqualToUninterruptedRun()
    {
        var options = TinyTask.Options() with { GradientAccumulation = 3 };
        var seeds = new TrainingSeeds(11, 12);
        var whole = RunWhole(options, seeds, _dir.PathOf("whole"));

        var observers = new List<RecordingObserver>();
        var model = TinyTask.Model();
        var tuner = FineTuner.StartFresh(model, TinyTask.Data, options, seeds, WeightInitialization.All);
        FineTuningResult result;
        var pauseAt = new Queue<int>([2, 5]);
        while (true)
        {
            var observer = new RecordingObserver();
            if (pauseAt.TryDequeue(out var evaluation))
            {
                observer.Actions[evaluation] = EvaluationAction.Pause;
            }

            observers.Add(observer);
            result = tuner.Run(observer, _dir.PathOf("parts"));
            if (result.Outcome != FineTuningOutcome.Paused)
            {
                break;
            }

            model = TinyTask.Model();
            tuner = FineTuner.Resume(model, TinyTask.Data, options, seeds, result.Checkpoint!);
        }

        Assert.Equal(3, observers.Count);
        Assert.Equal([5, 13], observers.SelectMany(o => o.Checkpoints).Select(c => c.Step));
        Assert.Equal(whole.Observer.Steps, observers.SelectMany(o => o.Steps));
        Assert.Equal(whole.Observer.Evaluations, observers.SelectMany(o => o.Evaluations));
        Assert.Equal(whole.Result, result);
        Assert.Equal(whole.Weights, WeightBytes(model));
    }

    [Fact]
    public void Resume_PausedAgainBeforeAnyStep_RewritesTheSameCheckpointAndStillResumesEqual()
    {
        var seeds = new TrainingSeeds(2, 3);
        var whole = RunWhole(TinyTask.Options(), seeds, _dir.PathOf("whole"));
        using var pause = new CancellationTokenSource();
        var first = FineTuner.StartFresh(TinyTask.Model(), TinyTask.Data, TinyTask.Options(), seeds, WeightInitialization.All);
        var before = new RecordingObserver(pause, 6);
        var paused = first.Run(before, _dir.PathOf("parts"), pause: pause.Token);

        var again = FineTuner.Resume(TinyTask.Model(), TinyTask.Data, TinyTask.Options(), seeds, paused.Checkpoint!);
        var repaused = again.Run(new RecordingObserver(), _dir.PathOf("parts"), pause: pause.Token);
        var model = TinyTask.Model();
        var after = new RecordingObserver();
        var resumed = FineTuner.Resume(model, TinyTask.Data, TinyTask.Options(), seeds, repaused.Checkpoint!).Run(after, _dir.PathOf("parts"));

        Assert.Equal(paused, repaused);
        Assert.Equal(["checkpoint-00000006"], Directory.GetDirectories(_dir.PathOf("parts")).Select(Path.GetFileName));
        Assert.Equal(whole.Observer.Steps, before.Steps.Concat(after.Steps));
        Assert.Equal(whole.Result, resumed);
        Assert.Equal(whole.Weights, WeightBytes(model));
    }

    [Fact]
    public void Run_CheckpointAction_WritesAndKeepsOnlyTheLatestTwo()
    {
        var observer = new RecordingObserver();
        foreach (var evaluation in new[] { 1, 2, 3, 4 })
        {
            observer.Actions[evaluation] = EvaluationAction.Checkpoint;
        }

        var tuner = FineTuner.StartFresh(TinyTask.Model(), TinyTask.Data, TinyTask.Options(), new TrainingSeeds(1, 2), WeightInitialization.All);
        var result = tuner.Run(observer, _dir.PathOf("ck"));

        Assert.Equal(FineTuningOutcome.Completed, result.Outcome);
        Assert.Equal([3, 5, 8, 10], observer.Checkpoints.Select(c => c.Step));
        Assert.Equal(["checkpoint-00000008", "checkpoint-00000010"], Directory.GetDirectories(_dir.PathOf("ck")).Select(Path.GetFileName).Order());
        Assert.Equal(
            ["model.safetensors", "optimizer.safetensors", "trainer_state.json"],
            Directory.GetFiles(observer.Checkpoints[^1].Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Run_StopRequested_StopsBeforeTheNextStepWithoutCheckpoint()
    {
        using var stop = new CancellationTokenSource();
        var observer = new RecordingObserver(stop, pauseAfterStep: 4);
        var tuner = FineTuner.StartFresh(TinyTask.Model(), TinyTask.Data, TinyTask.Options(), new TrainingSeeds(1, 2), WeightInitialization.All);

        var result = tuner.Run(observer, _dir.PathOf("ck"), stop: stop.Token);

        Assert.Equal(new FineTuningResult(FineTuningOutcome.Stopped, 4, 20, null, null, null), result);
        Assert.Equal(4, observer.Steps.Count);
        Assert.False(Directory.Exists(_dir.PathOf("ck")));
    }

    [Fact]
    public void Resume_WithOtherHyperparameters_IsRefused()
    {
        var tuner = FineTuner.StartFresh(TinyTask.Model(), TinyTask.Data, TinyTask.Options(), new TrainingSeeds(1, 2), WeightInitialization.All);
        var checkpoint = tuner.SaveCheckpoint(_dir.PathOf("ck"));

        var error = Assert.Throws<InvalidDataException>(() => FineTuner.Resume(
            TinyTask.Model(), TinyTask.Data, TinyTask.Options() with { LearningRate = 2e-3 }, new TrainingSeeds(1, 2), checkpoint));
        var otherSeed = Assert.Throws<InvalidDataException>(() => FineTuner.Resume(
            TinyTask.Model(), TinyTask.Data, TinyTask.Options(), new TrainingSeeds(1, 3), checkpoint));

        Assert.Contains("belongs to another run", error.Message);
        Assert.Contains("learning_rate=0.001", error.Message);
        Assert.Contains("belongs to another run", otherSeed.Message);
    }

    [Fact]
    public void Resume_FolderWithoutState_SaysItIsNotACheckpoint()
    {
        var error = Assert.Throws<InvalidDataException>(() => FineTuner.Resume(
            TinyTask.Model(), TinyTask.Data, TinyTask.Options(), new TrainingSeeds(1, 2), _dir.Path));

        Assert.Equal($"{_dir.Path} is not a training checkpoint: it has no trainer_state.json.", error.Message);
    }

    [Fact]
    public void StartFresh_PretrainedWithDifferentInitSeeds_OnlyTheHeadDiffers()
    {
        var pretrained = TinyTask.Model();
        pretrained.InitializeAll(new Randomness.Rng(99));
        ModelFolder.Save(_dir.PathOf("bert"), pretrained);

        var a = ModelFolder.Load(_dir.PathOf("bert"), numLabels: 2).Model;
        var b = ModelFolder.Load(_dir.PathOf("bert"), numLabels: 2).Model;
        FineTuner.StartFresh(a, TinyTask.Data, TinyTask.Options(), new TrainingSeeds(1, 5), WeightInitialization.Head);
        FineTuner.StartFresh(b, TinyTask.Data, TinyTask.Options(), new TrainingSeeds(2, 5), WeightInitialization.Head);

        foreach (var (pa, pb, original) in a.Parameters.Zip(b.Parameters, pretrained.Parameters))
        {
            if (pa.Name.StartsWith("classifier.weight", StringComparison.Ordinal))
            {
                Assert.NotEqual(pa.Data, pb.Data);
            }
            else if (!pa.Name.StartsWith("classifier.", StringComparison.Ordinal))
            {
                Assert.Equal(original.Data, pa.Data);
                Assert.Equal(original.Data, pb.Data);
            }
        }

        Assert.All(a.FindParameter("classifier.bias")!.Data, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Run_DifferentOrderSeeds_SameInitialWeightsOnlyTheOrderDiffers()
    {
        var orders = new List<List<(int Epoch, int[] Rows)>>();
        var initial = new List<byte[]>();
        foreach (var orderSeed in new long[] { 1, 2 })
        {
            var model = TinyTask.Model(dropout: 0);
            var tuner = FineTuner.StartFresh(model, TinyTask.Data, TinyTask.Options(), new TrainingSeeds(4, orderSeed), WeightInitialization.All);
            initial.Add(WeightBytes(model));
            var visited = new List<(int, int[])>();
            tuner.BatchVisited = (epoch, rows) => visited.Add((epoch, rows));
            tuner.Run(new RecordingObserver(), _dir.PathOf($"o{orderSeed}"));
            orders.Add(visited);
        }

        Assert.Equal(initial[0], initial[1]);
        Assert.NotEqual(orders[0].SelectMany(o => o.Rows), orders[1].SelectMany(o => o.Rows));
        foreach (var (visited, seed) in orders.Zip(new long[] { 1, 2 }))
        {
            var expected = new SweepCluster.Training.Data.DataOrder(160, seed);
            for (var epoch = 0; epoch < 2; epoch++)
            {
                Assert.Equal(expected.PermutationForEpoch(epoch), visited.Where(v => v.Epoch == epoch).SelectMany(v => v.Rows));
                Assert.All(visited.Where(v => v.Epoch == epoch), v => Assert.Equal(16, v.Rows.Length));
            }
        }
    }

    [Fact]
    public void Run_NaNWeight_DivergesBeforeAnyUpdate()
    {
        var model = TinyTask.Model();
        var tuner = FineTuner.StartFresh(model, TinyTask.Data, TinyTask.Options(), new TrainingSeeds(1, 2), WeightInitialization.All);
        model.FindParameter("bert.embeddings.LayerNorm.weight")!.Data[0] = float.NaN;
        var observer = new RecordingObserver();

        var result = tuner.Run(observer, _dir.PathOf("ck"));

        Assert.Equal(new FineTuningResult(FineTuningOutcome.Diverged, 0, 20, null, null, "non-finite loss (NaN) at step 1 of 20"), result);
        Assert.Empty(observer.Steps);
    }

    [Fact]
    public void Run_HugeLearningRate_Diverges()
    {
        var options = TinyTask.Options() with { LearningRate = 1e30, WarmupFraction = 0, MaxGradNorm = 0 };
        var tuner = FineTuner.StartFresh(TinyTask.Model(), TinyTask.Data, options, new TrainingSeeds(1, 2), WeightInitialization.All);

        var result = tuner.Run(new RecordingObserver(), _dir.PathOf("ck"));

        Assert.Equal(FineTuningOutcome.Diverged, result.Outcome);
        Assert.InRange(result.Steps, 1, 19);
        Assert.StartsWith("non-finite loss", result.Message);
    }

    [Fact]
    public void Run_AccumulatedMicroBatches_MatchTheWholeBatchUpToRounding()
    {
        var seeds = new TrainingSeeds(5, 6);
        var whole = RunWhole(TinyTask.Options() with { Epochs = 1 }, seeds, _dir.PathOf("a"), dropout: 0);
        var split = RunWhole(TinyTask.Options() with { Epochs = 1, GradientAccumulation = 3 }, seeds, _dir.PathOf("b"), dropout: 0);

        Assert.Equal(whole.Observer.Steps.Count, split.Observer.Steps.Count);
        foreach (var (w, s) in whole.Observer.Steps.Zip(split.Observer.Steps))
        {
            Assert.Equal(w.Loss, s.Loss, 1e-5);
            Assert.Equal(w.GradientNorm, s.GradientNorm, 1e-5);
        }
    }
}
