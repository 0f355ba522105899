using SweepCluster.Training.Model;
using SweepCluster.Training.Optim;
using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Tests.Optim;

public sealed class GradientClippingTests
{
    [Fact]
    public void ClipGradNorm_ThreeFourToOne_ScalesByMaxOverNormPlusEpsilon()
    {
        var (a, b) = Pair(3f, 4f);

        var norm = GradientClipping.ClipGradNorm([a, b], maxNorm: 1.0);

        // c = 1 / (5 + 1e-6) = 0.19999996; 3c = 0.59999988, 4c = 0.79999984 (not exactly 0.6 / 0.8).
        Assert.Equal(5.0, norm);
        var c = (float)(1.0 / 5.000001);
        Assert.Equal(3f * c, a.Grad[0]);
        Assert.Equal(4f * c, b.Grad[0]);
        Assert.Equal(0.59999988, a.Grad[0], 1e-7);
        Assert.Equal(0.79999984, b.Grad[0], 1e-7);
    }

    [Fact]
    public void ClipGradNorm_BelowMax_LeavesGradientsAndReturnsNorm()
    {
        var (a, b) = Pair(3f, 4f);

        var norm = GradientClipping.ClipGradNorm([a, b], maxNorm: 10.0);

        Assert.Equal(5.0, norm);
        Assert.Equal(3f, a.Grad[0]);
        Assert.Equal(4f, b.Grad[0]);
    }

    [Fact]
    public void ClipGradNorm_NormEqualsMax_StillScalesSlightlyLikePyTorch()
    {
        var (a, _) = Pair(3f, 4f);

        GradientClipping.ClipGradNorm([a], maxNorm: 3.0);

        Assert.Equal(3f * (float)(3.0 / 3.000001), a.Grad[0]);
        Assert.True(a.Grad[0] < 3f);
    }

    [Fact]
    public void ClipGradNorm_NonFinite_ReturnsItAndLeavesGradients()
    {
        var (a, b) = Pair(float.NaN, 4f);

        var norm = GradientClipping.ClipGradNorm([a, b], maxNorm: 1.0);

        Assert.True(double.IsNaN(norm));
        Assert.Equal(4f, b.Grad[0]);
    }

    [Fact]
    public void GlobalNorm_ManyParameters_MatchesNaiveDoubleSum()
    {
        var rng = new Rng(9);
        var parameters = AdamWTests.RandomParameters(rng, (3, true), (100, true), (1000, false));
        foreach (var p in parameters)
        {
            AdamWTests.FillGaussian(rng, p.Grad);
        }

        var naive = Math.Sqrt(parameters.SelectMany(p => p.Grad).Sum(x => (double)x * x));

        Assert.Equal(naive, GradientClipping.GlobalNorm(parameters), 1e-12 * naive);
    }

    [Fact]
    public void SumOfSquares_AllLengths_BitwiseEqualsScalarReference()
    {
        var rng = new Rng(10);
        for (var length = 0; length <= 40; length++)
        {
            var values = new float[length];
            AdamWTests.FillGaussian(rng, values);

            Assert.Equal(GradientClipping.SumOfSquaresScalar(values), GradientClipping.SumOfSquares(values));
        }
    }

    [Fact]
    public void ZeroGrad_ClearsEveryGradient()
    {
        var (a, b) = Pair(3f, 4f);

        GradientClipping.ZeroGrad([a, b]);

        Assert.Equal(0f, a.Grad[0]);
        Assert.Equal(0f, b.Grad[0]);
    }

    private static (Parameter A, Parameter B) Pair(float gradA, float gradB)
    {
        var a = new Parameter("a", [1], decay: true);
        var b = new Parameter("b", [1], decay: false);
        a.Grad[0] = gradA;
        b.Grad[0] = gradB;
        return (a, b);
    }
}
