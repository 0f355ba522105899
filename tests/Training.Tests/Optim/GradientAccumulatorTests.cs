using SweepCluster.Training.Model;
using SweepCluster.Training.Optim;

namespace SweepCluster.Training.Tests.Optim;

public sealed class GradientAccumulatorTests
{
    // A synthetic linear least-squares task standing in for the model: L(w) = mean_i ½(w·xᵢ − yᵢ)².
    // All values are small dyadic numbers, so every float operation below is exact and the
    // accumulated gradient must equal the full-batch gradient bit for bit.
    private static readonly float[][] Inputs = [[1f, 2f], [3f, -1f], [0.5f, 4f], [-2f, 1f]];
    private static readonly float[] Targets = [1f, -2f, 3f, 0.5f];

    [Fact]
    public void CompleteMicroBatch_TwoPerStep_SignalsEverySecondCall()
    {
        var accumulator = new GradientAccumulator(2);

        Assert.Equal([false, true, false, true], Enumerable.Range(0, 4).Select(_ => accumulator.CompleteMicroBatch()));
        Assert.Equal(0, accumulator.Pending);
        Assert.Equal(0.5, accumulator.LossScale);
    }

    [Fact]
    public void TwoHalfBatchesScaledByHalf_EqualOneFullBatch_GradientAndUpdate()
    {
        var full = NewWeight();
        AccumulateMeanLossGradient(full, 0, 4, lossScale: 1f);

        var accumulated = NewWeight();
        var accumulator = new GradientAccumulator(2);
        AccumulateMeanLossGradient(accumulated, 0, 2, (float)accumulator.LossScale);
        Assert.False(accumulator.CompleteMicroBatch());
        AccumulateMeanLossGradient(accumulated, 2, 4, (float)accumulator.LossScale);
        Assert.True(accumulator.CompleteMicroBatch());

        Assert.Equal(full.Grad, accumulated.Grad);
        Assert.NotEqual(0f, full.Grad[0]);

        new AdamW([full]).Update(1e-2);
        new AdamW([accumulated]).Update(1e-2);
        Assert.Equal(full.Data, accumulated.Data);
    }

    [Fact]
    public void Constructor_Zero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientAccumulator(0));
    }

    private static Parameter NewWeight()
    {
        var w = new Parameter("w", [2], decay: true);
        w.Data[0] = 0.5f;
        w.Data[1] = -0.25f;
        return w;
    }

    /// <summary>Backward of lossScale · mean over examples [from, to): adds (+=) into Grad, as the model does.</summary>
    private static void AccumulateMeanLossGradient(Parameter w, int from, int to, float lossScale)
    {
        var count = to - from;
        for (var i = from; i < to; i++)
        {
            var x = Inputs[i];
            var residual = (w.Data[0] * x[0]) + (w.Data[1] * x[1]) - Targets[i];
            for (var k = 0; k < 2; k++)
            {
                w.Grad[k] += lossScale * residual * x[k] / count;
            }
        }
    }
}
