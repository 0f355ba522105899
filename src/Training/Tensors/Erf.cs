namespace SweepCluster.Training.Tensors;

/// <summary>
/// The error function and its complement in double precision, after W. J. Cody, "Rational Chebyshev
/// approximations for the error function" (Math. Comp. 23, 1969), the coefficients of his CALERF routine.
/// </summary>
/// <remarks>
/// .NET has no <c>erf</c>. Abramowitz–Stegun 7.1.26 (|error| ≤ 1.5e-7 absolute) would be within a couple
/// of float ulps for GELU's positive side, where 1 + erf ≥ 1, but on the negative side GELU needs
/// 1 + erf(z) = erfc(−z), a small number that an absolute error of 1.5e-7 ruins (relative error ≈ 5e-5
/// at x = −3, hundreds of ulps). Cody's approximations keep erfc's <em>relative</em> error near double
/// rounding over the whole line, so GELU is correctly rounded to float in its tails as well.
/// </remarks>
internal static partial class Erf
{
    private const double Threshold = 0.46875;
    private const double XBig = 26.543; // erfc(x) underflows double beyond this
    private const double InvSqrtPi = 5.6418958354775628695e-1;

    private static ReadOnlySpan<double> A =>
        [3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1];

    private static ReadOnlySpan<double> B =>
        [2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03];

    private static ReadOnlySpan<double> C =>
    [
        5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02,
        8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03,
        2.15311535474403846e-8,
    ];

    private static ReadOnlySpan<double> D =>
    [
        1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03,
        3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03,
    ];

    private static ReadOnlySpan<double> P =>
    [
        3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2,
        6.58749161529837803e-4, 1.63153871373020978e-2,
    ];

    private static ReadOnlySpan<double> Q =>
        [2.56852019228982242e00, 1.87295284992346725e00, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

    /// <summary>erf(x).</summary>
    public static double Evaluate(double x)
    {
        var y = Math.Abs(x);
        if (y <= Threshold)
        {
            return Small(x);
        }

        var complement = ComplementOfPositive(y);
        return x > 0 ? (0.5 - complement) + 0.5 : (complement - 0.5) - 0.5;
    }

    /// <summary>erfc(x) = 1 − erf(x), with full relative precision for large positive x.</summary>
    public static double Complement(double x)
    {
        var y = Math.Abs(x);
        if (y <= Threshold)
        {
            return 1.0 - Small(x);
        }

        var complement = ComplementOfPositive(y);
        return x > 0 ? complement : 2.0 - complement;
    }

    // erf(x) for |x| ≤ 0.46875.
    private static double Small(double x)
    {
        var ysq = x * x;
        var num = A[4] * ysq;
        var den = ysq;
        for (var i = 0; i < 3; i++)
        {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }

        return x * (num + A[3]) / (den + B[3]);
    }

    // erfc(y) for y > 0.46875.
    private static double ComplementOfPositive(double y)
    {
        double result;
        if (y <= 4.0)
        {
            var num = C[8] * y;
            var den = y;
            for (var i = 0; i < 7; i++)
            {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }

            result = (num + C[7]) / (den + D[7]);
        }
        else
        {
            if (y >= XBig)
            {
                return 0.0;
            }

            var ysq = 1.0 / (y * y);
            var num = P[5] * ysq;
            var den = ysq;
            for (var i = 0; i < 4; i++)
            {
                num = (num + P[i]) * ysq;
                den = (den + Q[i]) * ysq;
            }

            result = ysq * (num + P[4]) / (den + Q[4]);
            result = (InvSqrtPi - result) / y;
        }

        // Cody splits exp(−y²) in two to keep the last double bits; a single exp costs at most
        // y²·2⁻⁵³ (< 1e-13) relative here, far below the float results this engine produces.
        return Math.Exp(-y * y) * result;
    }
}
