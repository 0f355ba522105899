using SweepCluster.Training.Randomness;
using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Tests.Tensors;

public class DropoutTests
{
    [Fact]
    public void Forward_SameRngState_SameMaskAndKeptValuesScaledExactly()
    {
        var x = GradientCheck.RandomFloats(new Rng(1), 10_000);
        var rng = new Rng(42);
        var state = rng.GetState();
        var y1 = new float[x.Length];
        var keep1 = new byte[x.Length];
        Dropout.Forward(x, y1, keep1, 0.3f, rng);
        var y2 = new float[x.Length];
        var keep2 = new byte[x.Length];
        Dropout.Forward(x, y2, keep2, 0.3f, Rng.FromState(state));

        Assert.Equal(keep1, keep2);
        Assert.Equal(y1, y2);
        var kept = 0;
        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal(keep1[i] == 1 ? x[i] * (1f / 0.7f) : 0f, y1[i]);
            kept += keep1[i];
        }

        // Binomial(10 000, 0.7): standard deviation 46, so ±200 is over four deviations.
        Assert.InRange(kept, 6800, 7200);
    }

    [Fact]
    public void Forward_DifferentRngState_DifferentMask()
    {
        var x = new float[256];
        x.AsSpan().Fill(1f);
        var keep1 = new byte[256];
        var keep2 = new byte[256];
        Dropout.Forward(x, new float[256], keep1, 0.5f, new Rng(1));
        Dropout.Forward(x, new float[256], keep2, 0.5f, new Rng(2));
        Assert.NotEqual(keep1, keep2);
    }

    [Fact]
    public void Forward_ZeroProbability_CopiesAndDrawsNothing()
    {
        float[] x = [1f, -2f, 3f];
        var rng = new Rng(9);
        var before = rng.GetState();
        var y = new float[3];
        var keep = new byte[3];
        Dropout.Forward(x, y, keep, 0f, rng);
        Assert.Equal(x, y);
        Assert.Equal([1, 1, 1], keep);
        Assert.Equal(before, rng.GetState());
    }

    [Fact]
    public void Backward_GivenMask_MatchesCentralDifferencesOfMaskedScaling()
    {
        var rng = new Rng(10);
        var x = GradientCheck.RandomFloats(rng, 50);
        var w = GradientCheck.RandomFloats(rng, 50);
        var keep = new byte[50];
        Dropout.Forward(x, new float[50], keep, 0.25f, rng);
        var dx = new float[50];
        Dropout.Backward(w, dx, keep, 0.25f);
        var wd = GradientCheck.ToDouble(w);
        double Loss(double[] v)
        {
            double s = 0;
            for (var i = 0; i < v.Length; i++)
            {
                s += keep[i] * v[i] / 0.75 * wd[i];
            }

            return s;
        }

        GradientCheck.AssertAll(Loss, GradientCheck.ToDouble(x), dx, 1e-6, "dDropout");
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(-0.1f)]
    public void Forward_ProbabilityOutOfRange_Throws(float p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Dropout.Forward(new float[1], new float[1], new byte[1], p, new Rng(1)));
    }
}
