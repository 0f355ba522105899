using System.Numerics.Tensors;
using SweepCluster.Training.Randomness;
using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Tests.Tensors;

public class SoftmaxTests
{
    private const int Rows = 4;
    private const int Cols = 7;

    [Fact]
    public void ForwardInPlace_WithMask_MatchesDoubleReferenceAndZeroesMaskedColumns()
    {
        var x = GradientCheck.RandomFloats(new Rng(5), Rows * Cols, 3.0);
        float[] mask = [0, 0, 0, 0, 0, float.MinValue, float.MinValue];
        var expected = KernelReference.SoftmaxRows(GradientCheck.ToDouble(x), Rows, Cols, [0, 0, 0, 0, 0, double.NegativeInfinity, double.NegativeInfinity]);

        Softmax.ForwardInPlace(x, Rows, Cols, mask);

        for (var i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(x[i] - expected[i]) <= 1e-6, $"[{i}] {x[i]:R} vs {expected[i]:R}");
            if (i % Cols >= 5)
            {
                Assert.Equal(0f, x[i]);
            }
        }
    }

    [Fact]
    public void ForwardInPlace_LargeLogitsWithoutMask_StaysFiniteAndSumsToOne()
    {
        float[] x = [1000f, 999f, -1000f];
        Softmax.ForwardInPlace(x, 1, 3, default);
        var expected = KernelReference.SoftmaxRows([1000, 999, -1000], 1, 3, null);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(Math.Abs(x[i] - expected[i]) <= 1e-7);
        }
    }

    [Fact]
    public void ForwardInPlace_FullyMaskedRow_IsUniform()
    {
        float[] x = [0.3f, -2f, 5f, 1f, 0f];
        float[] mask = [float.MinValue, float.MinValue, float.MinValue, float.MinValue, float.MinValue];
        Softmax.ForwardInPlace(x, 1, 5, mask);
        Assert.All(x, v => Assert.Equal(x[0], v));
        Assert.True(Math.Abs(x[0] - 0.2f) <= 1e-7f);
    }

    [Fact]
    public void Backward_RandomRows_MatchesCentralDifferences()
    {
        var rng = new Rng(6);
        var x = GradientCheck.RandomFloats(rng, Rows * Cols, 2.0);
        var w = GradientCheck.RandomFloats(rng, Rows * Cols);
        float[] mask = [0, 0, 0, 0, 0, 0, float.MinValue];
        var y = (float[])x.Clone();
        Softmax.ForwardInPlace(y, Rows, Cols, mask);
        var dx = new float[x.Length];
        Softmax.Backward(y, w, dx, Rows, Cols);

        var wd = GradientCheck.ToDouble(w);
        double[] maskD = [0, 0, 0, 0, 0, 0, double.NegativeInfinity];
        GradientCheck.AssertAll(
            v => GradientCheck.Weighted(KernelReference.SoftmaxRows(v, Rows, Cols, maskD), wd),
            GradientCheck.ToDouble(x), dx, 1e-5, "dSoftmax");
    }

    [Fact]
    public void ForwardInPlace_AttentionShapedRowsWithMask_MatchDoubleReferenceAndTheUnfusedSequenceBitwise()
    {
        const int cols = 64;
        var x = GradientCheck.RandomFloats(new Rng(6), 3 * cols, 8.0);
        var mask = new float[cols];
        mask.AsSpan(40).Fill(float.MinValue);
        var dMask = new double[cols];
        dMask.AsSpan(40).Fill(double.NegativeInfinity);
        var expected = KernelReference.SoftmaxRows(GradientCheck.ToDouble(x), 3, cols, dMask);
        var unfused = (float[])x.Clone();
        for (var r = 0; r < 3; r++)
        {
            var row = unfused.AsSpan(r * cols, cols);
            TensorPrimitives.Add(row, mask, row);
            TensorPrimitives.Subtract(row, TensorPrimitives.Max(row), row);
            TensorPrimitives.Exp(row, row);
            TensorPrimitives.Divide(row, TensorPrimitives.Sum(row), row);
        }

        Softmax.ForwardInPlace(x, 3, cols, mask);

        Assert.Equal(unfused, x);
        for (var i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(x[i] - expected[i]) <= 1e-6, $"[{i}] {x[i]:R} vs {expected[i]:R}");
        }
    }
}
