using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SweepCluster.Training.Optim;

/// <summary>
/// The fused element-wise AdamW update in one pass over (param, grad, m, v). Per element, in float32 and
/// in PyTorch 1.13's <c>_single_tensor_adamw</c> order:
/// <code>
/// p = p * decay                       // param.mul_(1 - lr * wd)
/// m = m * b1;  m = m + (1 - b1) * g    // exp_avg.mul_(b1).add_(g, alpha=1-b1)
/// v = v * b2;  v = v + (1 - b2) * g * g  // exp_avg_sq.mul_(b2).addcmul_(g, g, value=1-b2)
/// d = sqrt(v) / sqrt(bc2) + eps       // (exp_avg_sq.sqrt() / bc2_sqrt).add_(eps)
/// p = p + (-lr / bc1) * m / d         // param.addcdiv_(exp_avg, d, value=-step_size)
/// </code>
/// No fused multiply-add is used anywhere, so the vector body and the scalar tail round identically and
/// the result does not depend on the machine's vector width.
/// </summary>
internal static class AdamWKernel
{
    /// <summary>Vectorized update; bitwise equal to <see cref="ApplyScalar"/>.</summary>
    public static void Apply(Span<float> param, ReadOnlySpan<float> grad, Span<float> expAvg, Span<float> expAvgSq, in AdamWScalars s)
    {
        CheckLengths(param, grad, expAvg, expAvgSq);
        var i = 0;
        if (Vector.IsHardwareAccelerated && param.Length >= Vector<float>.Count)
        {
            var decay = new Vector<float>(s.DecayFactor);
            var b1 = new Vector<float>(s.Beta1);
            var c1 = new Vector<float>(s.OneMinusBeta1);
            var b2 = new Vector<float>(s.Beta2);
            var c2 = new Vector<float>(s.OneMinusBeta2);
            var bc2 = new Vector<float>(s.BiasCorrection2Sqrt);
            var eps = new Vector<float>(s.Epsilon);
            var step = new Vector<float>(s.NegativeStepSize);

            ref var pRef = ref MemoryMarshal.GetReference(param);
            ref var gRef = ref MemoryMarshal.GetReference(grad);
            ref var mRef = ref MemoryMarshal.GetReference(expAvg);
            ref var vRef = ref MemoryMarshal.GetReference(expAvgSq);
            var last = param.Length - Vector<float>.Count;
            for (; i <= last; i += Vector<float>.Count)
            {
                var g = Vector.LoadUnsafe(ref gRef, (nuint)i);
                var p = Vector.LoadUnsafe(ref pRef, (nuint)i) * decay;
                var m = Vector.LoadUnsafe(ref mRef, (nuint)i) * b1;
                m += c1 * g;
                var v = Vector.LoadUnsafe(ref vRef, (nuint)i) * b2;
                v += c2 * g * g;
                var d = (Vector.SquareRoot(v) / bc2) + eps;
                p += step * m / d;
                p.StoreUnsafe(ref pRef, (nuint)i);
                m.StoreUnsafe(ref mRef, (nuint)i);
                v.StoreUnsafe(ref vRef, (nuint)i);
            }
        }

        ApplyScalar(param[i..], grad[i..], expAvg[i..], expAvgSq[i..], s);
    }

    /// <summary>Scalar reference of the same update (also the tail of <see cref="Apply"/>).</summary>
    public static void ApplyScalar(Span<float> param, ReadOnlySpan<float> grad, Span<float> expAvg, Span<float> expAvgSq, in AdamWScalars s)
    {
        CheckLengths(param, grad, expAvg, expAvgSq);
        for (var i = 0; i < param.Length; i++)
        {
            var g = grad[i];
            var p = param[i] * s.DecayFactor;
            var m = expAvg[i] * s.Beta1;
            m += s.OneMinusBeta1 * g;
            var v = expAvgSq[i] * s.Beta2;
            v += s.OneMinusBeta2 * g * g;
            var d = (MathF.Sqrt(v) / s.BiasCorrection2Sqrt) + s.Epsilon;
            p += s.NegativeStepSize * m / d;
            param[i] = p;
            expAvg[i] = m;
            expAvgSq[i] = v;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckLengths(Span<float> param, ReadOnlySpan<float> grad, Span<float> expAvg, Span<float> expAvgSq)
    {
        if (grad.Length != param.Length || expAvg.Length != param.Length || expAvgSq.Length != param.Length)
        {
            throw new ArgumentException("param, grad, exp_avg and exp_avg_sq must have the same length.");
        }
    }
}
