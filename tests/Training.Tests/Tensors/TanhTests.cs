using SweepCluster.Training.Randomness;
using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Tests.Tensors;

public class TanhTests
{
    [Fact]
    public void Forward_RandomInputs_WithinOneUlpOfMathTanh()
    {
        var x = GradientCheck.RandomFloats(new Rng(3), 257, 3.0);
        var y = new float[x.Length];
        Tanh.Forward(x, y);
        for (var i = 0; i < x.Length; i++)
        {
            var expected = Math.Tanh(x[i]);
            Assert.True(Math.Abs(y[i] - expected) <= 6e-8 * Math.Abs(expected), $"tanh({x[i]:R}) = {y[i]:R} vs {expected:R}");
        }
    }

    [Fact]
    public void Backward_FromOutput_MatchesCentralDifferences()
    {
        var rng = new Rng(4);
        var x = GradientCheck.RandomFloats(rng, 40, 1.5);
        var w = GradientCheck.RandomFloats(rng, 40);
        var y = new float[40];
        var dx = new float[40];
        Tanh.Forward(x, y);
        Tanh.Backward(y, w, dx);
        var wd = GradientCheck.ToDouble(w);
        GradientCheck.AssertAll(v => GradientCheck.Weighted(KernelReference.Map(v, Math.Tanh), wd), GradientCheck.ToDouble(x), dx, 2e-6, "dTanh");
    }
}
