using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Tests.Tensors;

/// <summary>Central differences in double precision and the tolerance rule the gradient checks share.</summary>
internal static class GradientCheck
{
    /// <summary>∂f/∂x[index] by (f(x + h) − f(x − h)) / 2h, restoring x afterwards.</summary>
    public static double Numeric(Func<double[], double> f, double[] x, int index, double h = 1e-6)
    {
        var saved = x[index];
        x[index] = saved + h;
        var plus = f(x);
        x[index] = saved - h;
        var minus = f(x);
        x[index] = saved;
        return (plus - minus) / (2 * h);
    }

    /// <summary>Σ w·y, the scalar whose gradient with respect to y is w.</summary>
    public static double Weighted(double[] y, double[] w)
    {
        double s = 0;
        for (var i = 0; i < y.Length; i++)
        {
            s += y[i] * w[i];
        }

        return s;
    }

    /// <summary>
    /// Asserts |analytic − numeric| ≤ tolerance · max(|numeric|, scale), where scale is the largest
    /// gradient magnitude of the tensor (so near-zero entries are judged against the tensor's size).
    /// </summary>
    public static void AssertClose(double numeric, double analytic, double scale, double tolerance, string what)
    {
        var bound = tolerance * Math.Max(Math.Abs(numeric), scale);
        Assert.True(
            Math.Abs(analytic - numeric) <= bound,
            $"{what}: analytic {analytic:R} vs numeric {numeric:R} (|diff| {Math.Abs(analytic - numeric):E3} > {bound:E3})");
    }

    /// <summary>Checks every entry of an analytic gradient against central differences of f.</summary>
    public static void AssertAll(Func<double[], double> f, double[] x, ReadOnlySpan<float> analytic, double tolerance, string what)
    {
        var numeric = new double[x.Length];
        var scale = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            numeric[i] = Numeric(f, x, i);
            scale = Math.Max(scale, Math.Abs(numeric[i]));
        }

        Assert.True(scale > 0, $"{what}: the gradient is identically zero, the check would be vacuous");
        for (var i = 0; i < x.Length; i++)
        {
            AssertClose(numeric[i], analytic[i], scale, tolerance, $"{what}[{i}]");
        }
    }

    public static float[] RandomFloats(Rng rng, int count, double scale = 1.0)
    {
        var v = new float[count];
        for (var i = 0; i < count; i++)
        {
            v[i] = (float)(rng.NextGaussian() * scale);
        }

        return v;
    }

    public static double[] ToDouble(ReadOnlySpan<float> x)
    {
        var d = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            d[i] = x[i];
        }

        return d;
    }
}
