using SweepCluster.Training.Randomness;
using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Tests.Tensors;

public class BiasTests
{
    [Fact]
    public void AddToRows_TwoRows_AddsBiasToEach()
    {
        float[] y = [1, 2, 3, 4, 5, 6];
        Bias.AddToRows(y, 2, [10, 20, 30]);
        Assert.Equal([11, 22, 33, 14, 25, 36], y);
    }

    [Fact]
    public void AccumulateGradient_RandomRows_MatchesCentralDifferencesAndAccumulates()
    {
        var rng = new Rng(13);
        var w = GradientCheck.RandomFloats(rng, 5 * 4);
        var dBias = new float[4];
        dBias[2] = 7f;
        Bias.AccumulateGradient(w, 5, dBias);
        dBias[2] -= 7f;

        var wd = GradientCheck.ToDouble(w);
        double Loss(double[] b)
        {
            double s = 0;
            for (var i = 0; i < wd.Length; i++)
            {
                s += b[i % 4] * wd[i];
            }

            return s;
        }

        GradientCheck.AssertAll(Loss, new double[4], dBias, 1e-6, "dBias");
    }
}
