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
}
