namespace SweepCluster.Training.Tests.Tensors;

/// <summary>
/// Plain double-precision implementations of every kernel's forward pass, written independently of
/// src (including the error function: a Taylor series and a continued fraction, not Cody's rational
/// approximation). Kernel outputs are compared with these, and kernel gradients with their central
/// differences.
/// </summary>
internal static class KernelReference
{
    public static double Erf(double x) => 1.0 - Erfc(x);

    public static double Erfc(double x)
    {
        if (x < 0)
        {
            return 2.0 - Erfc(-x);
        }

        if (x < 0.8)
        {
            // erf(x) = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1)): alternating, but without cancellation this close to 0.
            double term = x;
            var sum = x;
            for (var n = 1; n < 200; n++)
            {
                term *= -x * x / n;
                sum += term / ((2 * n) + 1);
            }

            return 1.0 - (2.0 / Math.Sqrt(Math.PI) * sum);
        }

        // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated from the tail up
        // (300/x² + 30 levels: within 3e-15 of glibc from x = 0.8 on, twice the depth that needs).
        var t = x;
        for (var n = (int)(300 / (x * x)) + 30; n >= 1; n--)
        {
            t = x + (n / 2.0 / t);
        }

        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / t;
    }

    public static double Gelu(double x) => 0.5 * x * Erfc(-x / Math.Sqrt(2.0));

    public static double[] SoftmaxRows(double[] x, int rows, int cols, double[]? mask)
    {
        var y = new double[x.Length];
        for (var r = 0; r < rows; r++)
        {
            var max = double.NegativeInfinity;
            for (var c = 0; c < cols; c++)
            {
                max = Math.Max(max, x[(r * cols) + c] + (mask?[c] ?? 0));
            }

            double sum = 0;
            for (var c = 0; c < cols; c++)
            {
                y[(r * cols) + c] = Math.Exp(x[(r * cols) + c] + (mask?[c] ?? 0) - max);
                sum += y[(r * cols) + c];
            }

            for (var c = 0; c < cols; c++)
            {
                y[(r * cols) + c] /= sum;
            }
        }

        return y;
    }

    public static double[] LayerNorm(double[] x, int rows, int cols, double[] gamma, double[] beta, double eps)
    {
        var y = new double[x.Length];
        for (var r = 0; r < rows; r++)
        {
            double mean = 0;
            for (var c = 0; c < cols; c++)
            {
                mean += x[(r * cols) + c];
            }

            mean /= cols;
            double variance = 0;
            for (var c = 0; c < cols; c++)
            {
                var d = x[(r * cols) + c] - mean;
                variance += d * d;
            }

            variance /= cols;
            var rstd = 1.0 / Math.Sqrt(variance + eps);
            for (var c = 0; c < cols; c++)
            {
                y[(r * cols) + c] = ((x[(r * cols) + c] - mean) * rstd * gamma[c]) + beta[c];
            }
        }

        return y;
    }

    /// <summary>y = x·Wᵀ + b with W stored [out, in].</summary>
    public static double[] Linear(double[] x, int rows, double[] w, double[] b, int inFeatures, int outFeatures)
    {
        var y = new double[rows * outFeatures];
        for (var r = 0; r < rows; r++)
        {
            for (var o = 0; o < outFeatures; o++)
            {
                var s = b[o];
                for (var i = 0; i < inFeatures; i++)
                {
                    s += x[(r * inFeatures) + i] * w[(o * inFeatures) + i];
                }

                y[(r * outFeatures) + o] = s;
            }
        }

        return y;
    }

    public static double[] Map(double[] x, Func<double, double> f)
    {
        var y = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = f(x[i]);
        }

        return y;
    }
}
