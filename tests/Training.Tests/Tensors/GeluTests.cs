using SweepCluster.Training.Randomness;
using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Tests.Tensors;

public class GeluTests
{
    [Fact]
    public void Forward_GridIncludingTails_WithinOneUlpOfDoubleReference()
    {
        var x = new float[2001];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (i - 1000) * 0.01f;
        }

        var y = new float[x.Length];
        Gelu.Forward(x, y);
        for (var i = 0; i < x.Length; i++)
        {
            var expected = KernelReference.Gelu(x[i]);
            Assert.True(
                Math.Abs(y[i] - expected) <= 6e-8 * Math.Abs(expected),
                $"gelu({x[i]:R}) = {y[i]:R}, reference {expected:R}");
        }
    }

    private static void AssertWithinOneUlp(float expected, float actual, string what)
    {
        var ok = expected.Equals(actual) || Math.Abs(actual - expected) <= Math.Abs(MathF.BitIncrement(Math.Abs(expected)) - Math.Abs(expected));
        Assert.True(ok, $"{what}: {actual:R} vs {expected:R}");
    }

    [Fact]
    public void Forward_KnownValues_MatchHandWorked()
    {
        float[] x = [0f, 1f, -1f];
        var y = new float[3];
        Gelu.Forward(x, y);

        // gelu(1) = Φ(1) = 0.841344746…, gelu(−1) = −(1 − Φ(1)) = −0.158655253…
        Assert.Equal(0f, y[0]);
        Assert.Equal(0.8413447460685429f, y[1]);
        Assert.Equal(-0.15865525393145707f, y[2]);
    }

    [Fact]
    public void ForwardBackward_VectorAndScalarPaths_AgreeToOneUlpIncludingExtremes()
    {
        var rng = new Rng(12);
        var x = GradientCheck.RandomFloats(rng, 4096, 4.0);
        float[] extremes = [0f, -0f, 0.46875f * 1.41421356f, -0.46875f * 1.41421356f, 4f * 1.41421356f, -4f * 1.41421356f, 30f, -30f, 1e30f, -1e30f, float.PositiveInfinity, 1e-30f];
        extremes.CopyTo(x, 100);
        var dy = GradientCheck.RandomFloats(rng, x.Length);
        var y = new float[x.Length];
        var dx = new float[x.Length];
        Gelu.Forward(x, y);       // whole vectors
        Gelu.Backward(x, dy, dx);
        var one = new float[1];
        for (var i = 0; i < x.Length; i++)
        {
            Gelu.Forward(x.AsSpan(i, 1), one); // scalar remainder path
            AssertWithinOneUlp(one[0], y[i], $"gelu({x[i]:R})");
            Gelu.Backward(x.AsSpan(i, 1), dy.AsSpan(i, 1), one);
            AssertWithinOneUlp(one[0], dx[i], $"gelu'({x[i]:R})");
        }

        Assert.Equal(float.PositiveInfinity, y[110]);
        Assert.Equal(-0f, y[107]); // gelu(−1e30) underflows to −0
    }

    [Fact]
    public void Backward_RandomInputs_MatchesCentralDifferences()
    {
        var rng = new Rng(11);
        var x = GradientCheck.RandomFloats(rng, 64, 2.5);
        var w = GradientCheck.RandomFloats(rng, 64);
        var dx = new float[64];
        Gelu.Backward(x, w, dx);
        var wd = GradientCheck.ToDouble(w);
        GradientCheck.AssertAll(
            v => GradientCheck.Weighted(KernelReference.Map(v, KernelReference.Gelu), wd),
            GradientCheck.ToDouble(x), dx, 1e-6, "dGelu");
    }

    [Fact]
    public void ForwardWithDerivative_IncludingTailAndExtremes_BitwiseEqualToForwardAndUnitBackward()
    {
        var rng = new Rng(13);
        var x = GradientCheck.RandomFloats(rng, 1027, 6.0);
        float[] extremes = [0f, -0f, 0.3f, -0.3f, 0.66f, -0.66f, 5.9f, -5.9f, 30f, -30f, float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        extremes.CopyTo(x, 40);
        var expectedY = new float[x.Length];
        var expectedD = new float[x.Length];
        var ones = new float[x.Length];
        ones.AsSpan().Fill(1f);
        Gelu.Forward(x, expectedY);
        Gelu.Backward(x, ones, expectedD);

        var y = new float[x.Length];
        var d = new float[x.Length];
        Gelu.ForwardWithDerivative(x, y, d);
        Assert.Equal(expectedY, y);
        Assert.Equal(expectedD, d);

        // The derivative may overwrite the input.
        var aliased = (float[])x.Clone();
        Gelu.ForwardWithDerivative(aliased, y, aliased);
        Assert.Equal(expectedY, y);
        Assert.Equal(expectedD, aliased);
    }

    [Fact]
    public void ForwardWithDerivative_SmallActivationsOnly_MatchDoubleReference()
    {
        // Every 16-lane block within |x| ≤ 0.66 takes the short path (no exponential for the forward value).
        var x = new float[64];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (i - 32) * 0.02f;
        }

        var y = new float[x.Length];
        var d = new float[x.Length];
        Gelu.ForwardWithDerivative(x, y, d);
        for (var i = 0; i < x.Length; i++)
        {
            var expected = KernelReference.Gelu(x[i]);
            Assert.True(Math.Abs(y[i] - expected) <= 6e-8 * Math.Abs(expected), $"gelu({x[i]:R}) = {y[i]:R}, reference {expected:R}");
            double v = x[i];
            var derivative = (0.5 * KernelReference.Erfc(-v / Math.Sqrt(2))) + (v * Math.Exp(-0.5 * v * v) / Math.Sqrt(2 * Math.PI));
            Assert.True(Math.Abs(d[i] - derivative) <= 1.2e-7 * Math.Abs(derivative), $"gelu'({x[i]:R}) = {d[i]:R}, reference {derivative:R}");
        }
    }
}
