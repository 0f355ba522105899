using SweepCluster.Training.Model;
using SweepCluster.Training.Optim;
using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Tests.Optim;

public sealed class AdamWTests
{
    [Fact]
    public void Update_TwoStepsHandExample_MatchesWorkedValues()
    {
        // p0 = 1, lr = 0.1, wd = 0.01, betas (0.9, 0.999), eps = 1e-8.
        // Step 1, g = 0.5: p = 1·(1 − 0.001) = 0.999; m = 0.05; v = 0.00025; m̂ = 0.05/0.1 = 0.5;
        //   v̂ = 0.00025/0.001 = 0.25; p = 0.999 − 0.1·0.5/(0.5 + 1e-8) = 0.999 − 0.099999998 = 0.899000002.
        // Step 2, g = 0.25: p = 0.899000002·0.999 = 0.898101002; m = 0.045 + 0.025 = 0.07;
        //   v = 0.00024975 + 0.0000625 = 0.00031225; m̂ = 0.07/0.19 = 0.368421053; v̂ = 0.00031225/0.001999 =
        //   0.156203102, sqrt = 0.395225381; p = 0.898101002 − 0.1·0.368421053/0.395225391 = 0.804883040.
        var p = new Parameter("w", [1], decay: true);
        p.Data[0] = 1f;
        var optimizer = new AdamW([p], new AdamWOptions { WeightDecay = 0.01 });

        p.Grad[0] = 0.5f;
        optimizer.Update(0.1);
        Assert.Equal(0.899000002, p.Data[0], 1e-7);
        p.Grad[0] = 0.25f;
        optimizer.Update(0.1);

        Assert.Equal(0.804883040, p.Data[0], 1e-7);
        var state = optimizer.ExportState();
        Assert.Equal(0.07, state[0].Data[0], 1e-8);
        Assert.Equal(0.00031225, state[1].Data[0], 1e-10);
        Assert.Equal(2, optimizer.Step);
        Assert.Equal(0.1, optimizer.LastLearningRate);
    }

    [Theory]
    [InlineData(1e-8)]
    [InlineData(1e-6)]
    public void Update_ThreeStepsWithSchedule_MatchesDoubleReference(double eps)
    {
        var options = new AdamWOptions { Epsilon = eps, WeightDecay = 0.05 };
        var schedule = new LinearWarmupSchedule(2e-2, warmupSteps: 1, totalSteps: 4);
        var parameters = RandomParameters(new Rng(11), (1, true), (7, false), (37, true));
        var reference = parameters.Select(p => new DoubleState(p)).ToArray();
        var optimizer = new AdamW(parameters, options);
        var rng = new Rng(12);

        for (var t = 1; t <= 3; t++)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                FillGaussian(rng, parameters[i].Grad);
                reference[i].Update(options, schedule.LearningRateAt(t - 1), t, parameters[i].Grad);
            }

            optimizer.Update(schedule);
        }

        var exported = optimizer.ExportState();
        for (var i = 0; i < parameters.Length; i++)
        {
            for (var j = 0; j < parameters[i].Data.Length; j++)
            {
                AssertClose(reference[i].Param[j], parameters[i].Data[j], 1e-6 * Math.Max(1.0, Math.Abs(reference[i].Param[j])));
                AssertClose(reference[i].ExpAvg[j], exported[2 * i].Data[j], (2e-6 * Math.Abs(reference[i].ExpAvg[j])) + 1e-8);
                AssertClose(reference[i].ExpAvgSq[j], exported[(2 * i) + 1].Data[j], (2e-6 * reference[i].ExpAvgSq[j]) + 1e-10);
            }
        }
    }

    [Fact]
    public void Update_DecayFalse_SkipsWeightDecay()
    {
        // Zero gradients make the Adam term exactly 0 (0 / eps), so only weight decay can move a weight.
        var decayed = new Parameter("layer.weight", [2], decay: true);
        var exempt = new Parameter("layer.bias", [2], decay: false);
        decayed.Data.AsSpan().Fill(2f);
        exempt.Data.AsSpan().Fill(2f);
        var optimizer = new AdamW([decayed, exempt], new AdamWOptions { WeightDecay = 0.1 });

        optimizer.Update(0.5);

        Assert.Equal([1.9f, 1.9f], decayed.Data); // 2 · (1 − 0.5 · 0.1)
        Assert.Equal([2f, 2f], exempt.Data);
    }

    [Fact]
    public void Update_LearningRateZero_LeavesWeightsButAdvancesMoments()
    {
        var p = new Parameter("w", [3], decay: true);
        p.Data.AsSpan().Fill(1.5f);
        p.Grad.AsSpan().Fill(2f);
        var optimizer = new AdamW([p]);

        optimizer.Update(new LinearWarmupSchedule(1e-3, warmupSteps: 10, totalSteps: 100));

        Assert.Equal([1.5f, 1.5f, 1.5f], p.Data);
        Assert.Equal(1, optimizer.Step);
        Assert.Equal(0.0, optimizer.LastLearningRate);
        Assert.Equal(0.2f, optimizer.ExportState()[0].Data[0], 1e-7f);
    }

    [Fact]
    public void ImportState_AfterExport_ContinuesBitwiseLikeUninterruptedRun()
    {
        var schedule = new LinearWarmupSchedule(1e-2, warmupSteps: 2, totalSteps: 8);
        var uninterrupted = RandomParameters(new Rng(3), (5, true), (19, false), (64, true));
        var first = RandomParameters(new Rng(3), (5, true), (19, false), (64, true));
        var gradients = new Rng(4);
        var gradientsAgain = new Rng(4);

        var optimizerA = new AdamW(uninterrupted);
        RunSteps(optimizerA, uninterrupted, schedule, gradients, 6);

        var optimizerB = new AdamW(first);
        RunSteps(optimizerB, first, schedule, gradientsAgain, 2);
        var step = optimizerB.Step;
        var saved = optimizerB.ExportState().ToDictionary(t => t.Name, t => t.Data);
        var resumed = first.Select(p => CopyOf(p)).ToArray();
        var optimizerC = new AdamW(resumed);
        optimizerC.ImportState(step, saved);
        RunSteps(optimizerC, resumed, schedule, gradientsAgain, 4);

        Assert.Equal(optimizerA.Step, optimizerC.Step);
        for (var i = 0; i < uninterrupted.Length; i++)
        {
            Assert.Equal(uninterrupted[i].Data, resumed[i].Data);
        }

        var stateA = optimizerA.ExportState();
        var stateC = optimizerC.ExportState();
        for (var i = 0; i < stateA.Count; i++)
        {
            Assert.Equal(stateA[i].Name, stateC[i].Name);
            Assert.Equal(stateA[i].Data, stateC[i].Data);
        }
    }

    [Fact]
    public void ExportState_NamesShapesAndOrder_FollowParameters()
    {
        var a = new Parameter("a.weight", [2, 3], decay: true);
        var b = new Parameter("b.bias", [3], decay: false);
        var optimizer = new AdamW([a, b]);

        var state = optimizer.ExportState();

        Assert.Equal(["a.weight.exp_avg", "a.weight.exp_avg_sq", "b.bias.exp_avg", "b.bias.exp_avg_sq"], state.Select(s => s.Name));
        Assert.Equal([2, 3], state[1].Shape);
        Assert.Equal(6, state[1].Data.Length);
        state[0].Data[0] = 42f; // a copy: mutating it must not touch the optimizer
        Assert.Equal(0f, optimizer.ExportState()[0].Data[0]);
    }

    [Fact]
    public void ImportState_MissingOrWrongLength_ThrowsAndKeepsState()
    {
        var p = new Parameter("w", [2], decay: true);
        p.Grad.AsSpan().Fill(1f);
        var optimizer = new AdamW([p]);
        optimizer.Update(0.1);
        var before = optimizer.ExportState();

        var missing = new Dictionary<string, float[]> { ["w.exp_avg"] = [9f, 9f], ["x.exp_avg_sq"] = [9f, 9f] };
        var shortTensor = new Dictionary<string, float[]> { ["w.exp_avg"] = [9f, 9f], ["w.exp_avg_sq"] = [9f] };

        Assert.Throws<InvalidDataException>(() => optimizer.ImportState(5, missing));
        Assert.Throws<InvalidDataException>(() => optimizer.ImportState(5, shortTensor));
        Assert.Equal(1, optimizer.Step);
        Assert.Equal(before[0].Data, optimizer.ExportState()[0].Data);
        Assert.Equal(before[1].Data, optimizer.ExportState()[1].Data);
    }

    [Fact]
    public void Update_SteadyState_AllocatesNothing()
    {
        var parameters = RandomParameters(new Rng(6), (1000, true), (33, false));
        var optimizer = new AdamW(parameters);
        var schedule = new LinearWarmupSchedule(1e-3, 2, 100);
        optimizer.Update(schedule); // JIT and first-call costs

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            optimizer.Update(schedule);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Constructor_DuplicateNames_Throws()
    {
        var a = new Parameter("w", [1], decay: true);
        var b = new Parameter("w", [1], decay: true);

        Assert.Throws<ArgumentException>(() => new AdamW([a, b]));
    }

    [Fact]
    public void Update_NegativeLearningRate_Throws()
    {
        var optimizer = new AdamW([new Parameter("w", [1], decay: true)]);

        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.Update(-1e-3));
        Assert.Equal(0, optimizer.Step);
    }

    internal static Parameter[] RandomParameters(Rng rng, params (int Size, bool Decay)[] specs)
    {
        var result = new Parameter[specs.Length];
        for (var i = 0; i < specs.Length; i++)
        {
            result[i] = new Parameter($"p{i}", [specs[i].Size], specs[i].Decay);
            FillGaussian(rng, result[i].Data);
        }

        return result;
    }

    internal static void FillGaussian(Rng rng, float[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)rng.NextGaussian();
        }
    }

    private static void RunSteps(AdamW optimizer, Parameter[] parameters, ILearningRateSchedule schedule, Rng gradients, int steps)
    {
        for (var s = 0; s < steps; s++)
        {
            foreach (var p in parameters)
            {
                FillGaussian(gradients, p.Grad);
            }

            optimizer.Update(schedule);
        }
    }

    private static Parameter CopyOf(Parameter p)
    {
        var copy = new Parameter(p.Name, p.Shape, p.Decay);
        p.Data.CopyTo(copy.Data, 0);
        return copy;
    }

    private static void AssertClose(double expected, double actual, double tolerance)
    {
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R}");
    }

    /// <summary>The AdamW formulas evaluated in double, independent of the float32 kernel.</summary>
    private sealed class DoubleState(Parameter p)
    {
        public double[] Param { get; } = p.Data.Select(x => (double)x).ToArray();

        public double[] ExpAvg { get; } = new double[p.Data.Length];

        public double[] ExpAvgSq { get; } = new double[p.Data.Length];

        public void Update(AdamWOptions o, double lr, int t, float[] grad)
        {
            var wd = p.Decay ? o.WeightDecay : 0.0;
            for (var j = 0; j < Param.Length; j++)
            {
                double g = grad[j];
                Param[j] -= lr * wd * Param[j];
                ExpAvg[j] = (o.Beta1 * ExpAvg[j]) + ((1 - o.Beta1) * g);
                ExpAvgSq[j] = (o.Beta2 * ExpAvgSq[j]) + ((1 - o.Beta2) * g * g);
                var mHat = ExpAvg[j] / (1 - Math.Pow(o.Beta1, t));
                var vHat = ExpAvgSq[j] / (1 - Math.Pow(o.Beta2, t));
                Param[j] -= lr * mHat / (Math.Sqrt(vHat) + o.Epsilon);
            }
        }
    }
}
