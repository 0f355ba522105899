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

    [Fact]
    public void Forward_InPlaceOddLengthWithNonFiniteValues_DroppedArePositiveZeroKeptAreScaled()
    {
        var x = GradientCheck.RandomFloats(new Rng(3), 37);
        x[0] = float.NaN;
        x[1] = float.NegativeInfinity;
        x[2] = -0f;
        x[35] = float.NaN;
        var original = (float[])x.Clone();
        var keep = new byte[x.Length];
        Dropout.Forward(x, x, keep, 0.5f, new Rng(8)); // in place: 2 vectors of 16 and a scalar tail of 5
        Assert.Contains((byte)0, keep);
        Assert.Contains((byte)1, keep);
        for (var i = 0; i < x.Length; i++)
        {
            if (keep[i] == 1)
            {
                Assert.Equal(original[i] * 2f, x[i]);
            }
            else
            {
                Assert.Equal(0, BitConverter.SingleToInt32Bits(x[i]));
            }
        }

        var dx = new float[x.Length];
        Dropout.Backward(original, dx, keep, 0.5f);
        Assert.Equal(x, dx);
    }

    // The keep mask comes from Rng.FillAtLeast: it must be exactly one NextSingle per element.
    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.5f)]
    [InlineData(0f)]
    [InlineData(0.999f)]
    public void FillAtLeast_AnyThreshold_SameFlagsAndFinalStateAsOneNextSinglePerElement(float threshold)
    {
        var reference = new Rng(77);
        var expected = new byte[1001];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = reference.NextSingle() >= threshold ? (byte)1 : (byte)0;
        }

        var rng = new Rng(77);
        var flags = new byte[1001];
        rng.FillAtLeast(flags, threshold);

        Assert.Equal(expected, flags);
        Assert.Equal(reference.GetState(), rng.GetState());
    }

    [Fact]
    public void FillAtLeast_ThresholdOnADrawnValue_CountsThatValueAsAtLeast()
    {
        // The first draw of this generator, used as the threshold itself: equality must give 1.
        var first = new Rng(5).NextSingle();
        var flags = new byte[1];
        new Rng(5).FillAtLeast(flags, first);
        Assert.Equal(1, flags[0]);
        new Rng(5).FillAtLeast(flags, MathF.BitIncrement(first));
        Assert.Equal(0, flags[0]);
    }
}
