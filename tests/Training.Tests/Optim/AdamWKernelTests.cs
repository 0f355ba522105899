using SweepCluster.Training.Optim;
using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Tests.Optim;

public sealed class AdamWKernelTests
{
    [Fact]
    public void Apply_AllLengthsAndTails_BitwiseEqualsScalarReference()
    {
        var rng = new Rng(5);
        var options = new AdamWOptions { WeightDecay = 0.01 };
        for (var length = 0; length <= 70; length++)
        {
            var grad = Random(rng, length);
            var p1 = Random(rng, length);
            var m1 = Random(rng, length);
            var v1 = Random(rng, length).Select(MathF.Abs).ToArray();
            float[] p2 = [.. p1], m2 = [.. m1], v2 = [.. v1];
            var scalars = AdamWScalars.For(options, 3e-3, step: 3, decay: length % 2 == 0);

            AdamWKernel.Apply(p1, grad, m1, v1, scalars);
            AdamWKernel.ApplyScalar(p2, grad, m2, v2, scalars);

            Assert.Equal(p2, p1);
            Assert.Equal(m2, m1);
            Assert.Equal(v2, v1);
        }
    }

    [Fact]
    public void Apply_MismatchedLengths_Throws()
    {
        var scalars = AdamWScalars.For(new AdamWOptions(), 1e-3, 1, decay: true);

        Assert.Throws<ArgumentException>(() => AdamWKernel.Apply(new float[4], new float[4], new float[4], new float[3], scalars));
    }

    private static float[] Random(Rng rng, int length)
    {
        var values = new float[length];
        AdamWTests.FillGaussian(rng, values);
        return values;
    }
}
