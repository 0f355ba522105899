using SweepCluster.Training.Randomness;
using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Tests.Tensors;

public class LayerNormTests
{
    private const int Rows = 3;
    private const int Cols = 10;
    private const float Eps = 1e-5f;

    [Fact]
    public void Forward_RandomRows_MatchesDoubleReferenceAndSavesStatistics()
    {
        var (x, gamma, beta) = Inputs(new Rng(7));
        var y = new float[x.Length];
        var mean = new float[Rows];
        var rstd = new float[Rows];

        LayerNorm.Forward(x, y, Rows, Cols, gamma, beta, Eps, mean, rstd);

        var expected = KernelReference.LayerNorm(GradientCheck.ToDouble(x), Rows, Cols, GradientCheck.ToDouble(gamma), GradientCheck.ToDouble(beta), Eps);
        for (var i = 0; i < y.Length; i++)
        {
            Assert.True(Math.Abs(y[i] - expected[i]) <= 2e-6, $"[{i}] {y[i]:R} vs {expected[i]:R}");
        }

        for (var r = 0; r < Rows; r++)
        {
            double m = 0, v = 0;
            for (var c = 0; c < Cols; c++)
            {
                m += x[(r * Cols) + c];
            }

            m /= Cols;
            for (var c = 0; c < Cols; c++)
            {
                v += (x[(r * Cols) + c] - m) * (x[(r * Cols) + c] - m);
            }

            Assert.True(Math.Abs(mean[r] - m) <= 1e-6);
            var s = 1 / Math.Sqrt((v / Cols) + Eps);
            Assert.True(Math.Abs(rstd[r] - s) <= 1e-6 * s);
        }
    }

    [Fact]
    public void Backward_AllInputs_MatchCentralDifferencesAndAccumulateParameterGradients()
    {
        var rng = new Rng(8);
        var (x, gamma, beta) = Inputs(rng);
        var w = GradientCheck.RandomFloats(rng, Rows * Cols);
        var y = new float[x.Length];
        var mean = new float[Rows];
        var rstd = new float[Rows];
        LayerNorm.Forward(x, y, Rows, Cols, gamma, beta, Eps, mean, rstd);

        var dx = new float[x.Length];
        var dGamma = new float[Cols];
        var dBeta = new float[Cols];
        dGamma[0] = 100f; // accumulation: the kernel must add to what is there
        dBeta[0] = 100f;
        LayerNorm.Backward(x, w, dx, Rows, Cols, gamma, mean, rstd, dGamma, dBeta, new float[2 * Cols]);
        dGamma[0] -= 100f;
        dBeta[0] -= 100f;

        var xd = GradientCheck.ToDouble(x);
        var gd = GradientCheck.ToDouble(gamma);
        var bd = GradientCheck.ToDouble(beta);
        var wd = GradientCheck.ToDouble(w);
        double Loss(double[] xs, double[] gs, double[] bs) => GradientCheck.Weighted(KernelReference.LayerNorm(xs, Rows, Cols, gs, bs, Eps), wd);
        GradientCheck.AssertAll(v => Loss(v, gd, bd), xd, dx, 1e-4, "dx");
        GradientCheck.AssertAll(v => Loss(xd, v, bd), gd, dGamma, 1e-4, "dGamma");
        GradientCheck.AssertAll(v => Loss(xd, gd, v), bd, dBeta, 1e-4, "dBeta");
    }

    private static (float[] X, float[] Gamma, float[] Beta) Inputs(Rng rng)
    {
        var x = GradientCheck.RandomFloats(rng, Rows * Cols, 2.0);
        var gamma = GradientCheck.RandomFloats(rng, Cols, 0.3);
        for (var i = 0; i < Cols; i++)
        {
            gamma[i] += 1f;
        }

        return (x, gamma, GradientCheck.RandomFloats(rng, Cols, 0.3));
    }
}
