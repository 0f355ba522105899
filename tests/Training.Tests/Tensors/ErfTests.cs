using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Tests.Tensors;

public class ErfTests
{
    // Values from glibc's erf/erfc (correctly rounded or within 1 ulp), printed with repr().
    [Theory]
    [InlineData(-3.5, -0.9999992569016276, 1.9999992569016276)]
    [InlineData(-2.0, -0.9953222650189527, 1.9953222650189528)]
    [InlineData(-1.0, -0.8427007929497149, 1.842700792949715)]
    [InlineData(-0.46875, -0.49261347321793797, 1.492613473217938)]
    [InlineData(-0.1, -0.1124629160182849, 1.1124629160182848)]
    [InlineData(0.0, 0.0, 1.0)]
    [InlineData(1e-9, 1.1283791670955127e-09, 0.9999999988716208)]
    [InlineData(0.25, 0.2763263901682369, 0.7236736098317631)]
    [InlineData(0.46875, 0.49261347321793797, 0.507386526782062)]
    [InlineData(0.5, 0.5204998778130465, 0.4795001221869535)]
    [InlineData(1.0, 0.8427007929497149, 0.15729920705028513)]
    [InlineData(2.5, 0.999593047982555, 0.0004069520174449589)]
    [InlineData(3.9, 0.9999999652077514, 3.479224859723177e-08)]
    [InlineData(4.0, 0.9999999845827421, 1.541725790028002e-08)]
    [InlineData(4.5, 0.9999999998033839, 1.9661604415428873e-10)]
    [InlineData(6.0, 1.0, 2.1519736712498916e-17)]
    [InlineData(10.0, 1.0, 2.088487583762545e-45)]
    public void EvaluateAndComplement_TabulatedPoints_MatchLibmToNearDoublePrecision(double x, double erf, double erfc)
    {
        Assert.True(Math.Abs(Erf.Evaluate(x) - erf) <= 4e-16 + (4e-16 * Math.Abs(erf)), $"erf({x}) = {Erf.Evaluate(x):R}");
        Assert.True(Math.Abs(Erf.Complement(x) - erfc) <= 2e-14 * Math.Abs(erfc), $"erfc({x}) = {Erf.Complement(x):R}");
    }

    [Fact]
    public void Complement_DenseGrid_MatchesIndependentSeriesAndContinuedFraction()
    {
        for (var x = -8.0; x <= 8.0; x += 0.01)
        {
            var expected = KernelReference.Erfc(x);
            var actual = Erf.Complement(x);
            Assert.True(Math.Abs(actual - expected) <= 1e-13 * expected, $"erfc({x:R}): {actual:R} vs {expected:R}");
        }
    }

    [Fact]
    public void Complement_BeyondUnderflow_IsZeroAndTwo()
    {
        Assert.Equal(0.0, Erf.Complement(30.0));
        Assert.Equal(2.0, Erf.Complement(-30.0));
        Assert.Equal(1.0, Erf.Evaluate(30.0));
        Assert.Equal(-1.0, Erf.Evaluate(-30.0));
    }
}
