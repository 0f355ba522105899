using System.Runtime.Intrinsics;

namespace SweepCluster.Training.Tensors;

/// <content>
/// The lane-parallel approximation on 8 doubles (AVX-512), evaluating only the ranges that some lane
/// needs: each lane's value is the same expression as in the <see cref="System.Numerics.Vector{T}"/>
/// version, so skipping ranges no lane uses changes no bit. Activations near zero (|x| ≤ 0.46875, the
/// common case) need neither the exponential nor the two wider rational functions.
/// </content>
internal static partial class Erf
{
    private static readonly Vector512<double> ThresholdVector = Vector512.Create(Threshold);
    private static readonly Vector512<double> Four = Vector512.Create(4.0);

    /// <summary>
    /// erfc(x) per lane; when <paramref name="withExp"/>, also e^(−x²) (GELU's derivative reuses it),
    /// otherwise <paramref name="expMinusSquare"/> is only computed if a lane needs it.
    /// </summary>
    public static Vector512<double> Complement(Vector512<double> x, bool withExp, out Vector512<double> expMinusSquare)
    {
        var y = Vector512.Abs(x);
        var ysq = y * y;
        var isSmall = Vector512.LessThanOrEqual(y, ThresholdVector);
        var isFar = Vector512.GreaterThan(y, Four);
        var isMiddle = Vector512.AndNot(Vector512.LessThanOrEqual(y, Four), isSmall);
        var allSmall = Vector512.EqualsAll(isSmall.AsUInt64(), Vector512<ulong>.AllBitsSet);
        expMinusSquare = withExp || !allSmall ? Vector512.Exp(-ysq) : default;

        // |x| ≤ 0.46875: erf(x) = x·R₁(x²).
        var small = Vector512<double>.Zero;
        if (!Vector512.EqualsAll(isSmall.AsUInt64(), Vector512<ulong>.Zero))
        {
            var num = Vector512.Create(A[4]) * ysq;
            var den = ysq;
            for (var i = 0; i < 3; i++)
            {
                num = (num + Vector512.Create(A[i])) * ysq;
                den = (den + Vector512.Create(B[i])) * ysq;
            }

            small = Vector512<double>.One - (x * (num + Vector512.Create(A[3])) / (den + Vector512.Create(B[3])));
            if (allSmall)
            {
                return small;
            }
        }

        // 0.46875 < |x| ≤ 4: erfc(|x|) = e^(−x²)·R₂(|x|).
        var middle = Vector512<double>.Zero;
        if (!Vector512.EqualsAll(isMiddle.AsUInt64(), Vector512<ulong>.Zero))
        {
            var num = Vector512.Create(C[8]) * y;
            var den = y;
            for (var i = 0; i < 7; i++)
            {
                num = (num + Vector512.Create(C[i])) * y;
                den = (den + Vector512.Create(D[i])) * y;
            }

            middle = (num + Vector512.Create(C[7])) / (den + Vector512.Create(D[7]));
        }

        // |x| > 4: erfc(|x|) = e^(−x²)·(1/√π − R₃(1/x²)/x²)/|x|.
        var far = Vector512<double>.Zero;
        if (!Vector512.EqualsAll(isFar.AsUInt64(), Vector512<ulong>.Zero))
        {
            var inv = Vector512<double>.One / ysq;
            var num = Vector512.Create(P[5]) * inv;
            var den = inv;
            for (var i = 0; i < 4; i++)
            {
                num = (num + Vector512.Create(P[i])) * inv;
                den = (den + Vector512.Create(Q[i])) * inv;
            }

            far = (Vector512.Create(InvSqrtPi) - (inv * (num + Vector512.Create(P[4])) / (den + Vector512.Create(Q[4])))) / y;
        }

        var ofPositive = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(y, Four), middle, far) * expMinusSquare;
        var large = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<double>.Zero), ofPositive, Vector512.Create(2.0) - ofPositive);
        return Vector512.ConditionalSelect(isSmall, small, large);
    }
}
