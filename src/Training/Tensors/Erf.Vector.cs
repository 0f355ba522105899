using System.Numerics;

namespace SweepCluster.Training.Tensors;

/// <content>
/// The same approximation, lane-parallel: every lane evaluates the three rational functions and
/// keeps the one for its range (discarded lanes may hold NaN or infinity; they are never selected).
/// </content>
internal static partial class Erf
{
    /// <summary>erfc(x) per lane, and e^(−x²), which GELU's derivative reuses.</summary>
    public static Vector<double> Complement(Vector<double> x, out Vector<double> expMinusSquare)
    {
        var y = Vector.Abs(x);
        var ysq = y * y;
        expMinusSquare = Vector.Exp(-ysq);

        // |x| ≤ 0.46875: erf(x) = x·R₁(x²).
        var num = new Vector<double>(A[4]) * ysq;
        var den = ysq;
        for (var i = 0; i < 3; i++)
        {
            num = (num + new Vector<double>(A[i])) * ysq;
            den = (den + new Vector<double>(B[i])) * ysq;
        }

        var small = Vector<double>.One - (x * (num + new Vector<double>(A[3])) / (den + new Vector<double>(B[3])));

        // 0.46875 < |x| ≤ 4: erfc(|x|) = e^(−x²)·R₂(|x|).
        num = new Vector<double>(C[8]) * y;
        den = y;
        for (var i = 0; i < 7; i++)
        {
            num = (num + new Vector<double>(C[i])) * y;
            den = (den + new Vector<double>(D[i])) * y;
        }

        var middle = (num + new Vector<double>(C[7])) / (den + new Vector<double>(D[7]));

        // |x| > 4: erfc(|x|) = e^(−x²)·(1/√π − R₃(1/x²)/x²)/|x|.
        var inv = Vector<double>.One / ysq;
        num = new Vector<double>(P[5]) * inv;
        den = inv;
        for (var i = 0; i < 4; i++)
        {
            num = (num + new Vector<double>(P[i])) * inv;
            den = (den + new Vector<double>(Q[i])) * inv;
        }

        var far = (new Vector<double>(InvSqrtPi) - (inv * (num + new Vector<double>(P[4])) / (den + new Vector<double>(Q[4])))) / y;

        var ofPositive = Vector.ConditionalSelect(Vector.LessThanOrEqual(y, new Vector<double>(4.0)), middle, far) * expMinusSquare;
        var large = Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<double>.Zero), ofPositive, new Vector<double>(2.0) - ofPositive);
        return Vector.ConditionalSelect(Vector.LessThanOrEqual(y, new Vector<double>(Threshold)), small, large);
    }
}
