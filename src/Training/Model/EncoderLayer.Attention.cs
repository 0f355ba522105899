using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Model;

/// <content>
/// Scaled dot-product attention per (batch row, head). Head h of token t occupies columns
/// [h·d, (h+1)·d) of row t in Q, K, V and the context, so every per-head product is a GEMM on a
/// strided view (leading dimension H) and no transposes are materialized.
/// </content>
internal sealed partial class EncoderLayer
{
    private void AttentionForward(GemmRunner gemm, BatchShape shape, LayerActivations a, Workspace ws, Randomness.Rng? dropoutRng)
    {
        var s = shape.Seq;
        var h = _config.HiddenSize;
        var d = _headSize;
        var scale = 1f / MathF.Sqrt(d);
        var q = a.Q.Span;
        var k = a.K.Span;
        var v = a.V.Span;
        var context = a.Context.Span;
        var dropped = ws.AttentionScratch.Span;
        for (var b = 0; b < shape.Batch; b++)
        {
            var mask = ws.AdditiveMask.Span.Slice(b * s, s);
            for (var head = 0; head < _heads; head++)
            {
                var offset = (b * s * h) + (head * d);
                var block = ((b * _heads) + head) * s * s;
                var probs = a.Probs.Span.Slice(block, s * s);
                gemm.Multiply(false, true, s, s, d, scale, q[offset..], h, k[offset..], h, 0f, probs, s);
                Softmax.ForwardInPlace(probs, s, s, mask);
                ReadOnlySpan<float> used = probs;
                if (dropoutRng is not null && _attentionDropout > 0f)
                {
                    Dropout.Forward(probs, dropped, a.ProbsKeep.Span.Slice(block, s * s), _attentionDropout, dropoutRng);
                    used = dropped;
                }

                gemm.Multiply(false, false, s, d, s, 1f, used, s, v[offset..], h, 0f, context[offset..], h);
            }
        }
    }

    /// <summary>From ws.DContext, writes ws.DQ, ws.DK and ws.DV (overwriting).</summary>
    private void AttentionBackward(GemmRunner gemm, BatchShape shape, LayerActivations a, Workspace ws)
    {
        var s = shape.Seq;
        var h = _config.HiddenSize;
        var d = _headSize;
        var scale = 1f / MathF.Sqrt(d);
        var q = a.Q.Span;
        var k = a.K.Span;
        var v = a.V.Span;
        var dContext = ws.DContext.Span;
        var dq = ws.DQ.Span;
        var dk = ws.DK.Span;
        var dv = ws.DV.Span;
        var dropped = ws.AttentionScratch.Span;
        var dScores = ws.DScores.Span;
        for (var b = 0; b < shape.Batch; b++)
        {
            for (var head = 0; head < _heads; head++)
            {
                var offset = (b * s * h) + (head * d);
                var block = ((b * _heads) + head) * s * s;
                var probs = a.Probs.Span.Slice(block, s * s);
                ReadOnlySpan<float> used = probs;
                var keep = a.ProbsKeep.Span.Slice(block, s * s);
                if (_attentionDropout > 0f)
                {
                    // Re-apply the saved mask (bitwise what the forward pass used) instead of storing it.
                    Dropout.Backward(probs, dropped, keep, _attentionDropout);
                    used = dropped;
                }

                // context = used·V  ⇒  dUsed = dContext·Vᵀ, dV = usedᵀ·dContext
                gemm.Multiply(false, true, s, s, d, 1f, dContext[offset..], h, v[offset..], h, 0f, dScores, s);
                gemm.Multiply(true, false, s, d, s, 1f, used, s, dContext[offset..], h, 0f, dv[offset..], h);
                if (_attentionDropout > 0f)
                {
                    Dropout.Backward(dScores, dScores, keep, _attentionDropout);
                }

                Softmax.Backward(probs, dScores, dScores, s, s);

                // scores = scale·Q·Kᵀ  ⇒  dQ = scale·dScores·K, dK = scale·dScoresᵀ·Q
                gemm.Multiply(false, false, s, d, s, scale, dScores, s, k[offset..], h, 0f, dq[offset..], h);
                gemm.Multiply(true, false, s, d, s, scale, dScores, s, q[offset..], h, 0f, dk[offset..], h);
            }
        }
    }
}
